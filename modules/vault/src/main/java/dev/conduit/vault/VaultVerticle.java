package dev.conduit.vault;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.BusReplies;
import dev.conduit.core.bus.ComponentStatus;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.store.CredentialRepository;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.PgPools;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Duration;

/**
 * The only holder of key material and the only code that turns ciphertext into plaintext. Deployable with
 * several instances; each consumes the same addresses.
 *
 * <p>Consumes: {@link Addresses#VAULT_STATUS}, {@link Addresses#VAULT_VEND}, {@link Addresses#VAULT_DEPOSIT},
 * {@link Addresses#VAULT_REVOKE}, {@link Addresses#VAULT_DELETE}. Sends: {@link Addresses#REFRESH_REVOKE}.
 */
public final class VaultVerticle extends VerticleBase {

  static final String COMPONENT = "vault";

  private final KeysetHandle keyset;
  private final DatabaseUrl database;
  private final int poolSize;
  private final Duration refreshLead;
  private final MeterRegistry registry;

  public VaultVerticle(KeysetHandle keyset, DatabaseUrl database, int poolSize, Duration refreshLead,
      MeterRegistry registry) {
    this.keyset = keyset;
    this.database = database;
    this.poolSize = poolSize;
    this.refreshLead = refreshLead;
    this.registry = registry;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    VaultService service = new VaultService(new CredentialRepository(PgPools.shared(vertx, database, poolSize)),
        new EnvelopeSealer(keyset), refreshLead, bus, new VaultMetrics(registry), Clock.systemUTC());
    return Future.all(
        bus.consumer(Addresses.VAULT_STATUS, message -> message.reply(ComponentStatus.ready(COMPONENT))).completion(),
        bus.<VaultRequest.Vend>consumer(Addresses.VAULT_VEND,
            message -> service.vend(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRequest.Deposit>consumer(Addresses.VAULT_DEPOSIT,
            message -> service.deposit(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRequest.Revoke>consumer(Addresses.VAULT_REVOKE,
            message -> service.revoke(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRequest.Delete>consumer(Addresses.VAULT_DELETE,
            message -> service.delete(message.body()).onComplete(BusReplies.to(message))).completion());
  }
}
