package dev.conduit.core.bus;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * Vends stay on the caller's event loop when a VaultVerticle instance runs there. The event bus hands the messages
 * of one address to its consumers in turn, so an HTTP instance's vend would mostly go to a vault instance on another
 * loop: a wake-up of that thread and another on the way back, which cost a proxied call more than anything but its
 * own socket I/O. Each vault instance therefore consumes vends on an address of its own loop as well as on
 * {@link Addresses#VAULT_VEND}; a caller on a loop without one uses the shared address. The server gives each event
 * loop one HTTP and one vault instance (see {@code ConduitServer}).
 */
public final class VendAffinity {

  /** Event-loop thread name → the vend address of the vault instance on that loop, for this Vert.x instance. */
  private static final String LOOPS = "conduit.vault.vend-loops";

  private VendAffinity() {
  }

  /** Called by a vault instance on its own event loop: the loop's vend address, which it must consume. */
  public static String claim(Vertx vertx) {
    String loop = Thread.currentThread().getName();
    String address = Addresses.VAULT_VEND + "@" + loop;
    loops(vertx).put(loop, address);
    return address;
  }

  /** Called by a vault instance as it stops, on its own event loop. */
  public static void release(Vertx vertx) {
    loops(vertx).remove(Thread.currentThread().getName());
  }

  /** The address a caller on the current thread sends vends to. */
  public static String vendAddress(Vertx vertx) {
    return loops(vertx).getOrDefault(Thread.currentThread().getName(), Addresses.VAULT_VEND);
  }

  private static LocalMap<String, String> loops(Vertx vertx) {
    return vertx.sharedData().getLocalMap(LOOPS);
  }
}
