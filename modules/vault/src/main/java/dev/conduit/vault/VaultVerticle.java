package dev.conduit.vault;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ComponentStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The only holder of key material and the only code that turns ciphertext into plaintext.
 *
 * <p>Consumes: {@link Addresses#VAULT_STATUS}.
 */
public final class VaultVerticle extends VerticleBase {

  static final String COMPONENT = "vault";

  private final KeysetHandle keyset;

  public VaultVerticle(KeysetHandle keyset) {
    this.keyset = keyset;
  }

  @Override
  public Future<?> start() {
    return vertx.eventBus()
        .<Object>consumer(Addresses.VAULT_STATUS, message -> message.reply(status()))
        .completion();
  }

  private ComponentStatus status() {
    return keyset.size() > 0
        ? ComponentStatus.ready(COMPONENT)
        : ComponentStatus.notReady(COMPONENT, "no vault keys loaded");
  }
}
