package dev.conduit.core.bus;

/**
 * Every event-bus address, in one place. Request/reply addresses are {@code conduit.<verticle>.<action>};
 * published events are {@code conduit.connection.<event>}.
 */
public final class Addresses {

  /** Request/reply: the VaultVerticle answers with its {@link ComponentStatus} (keys loaded or not). */
  public static final String VAULT_STATUS = "conduit.vault.status";
  /** Request/reply: the RefreshVerticle answers with its {@link ComponentStatus}. */
  public static final String REFRESH_STATUS = "conduit.refresh.status";
  /** Request/reply: the NotifyVerticle answers with its {@link ComponentStatus}. */
  public static final String NOTIFY_STATUS = "conduit.notify.status";

  private Addresses() {
  }
}
