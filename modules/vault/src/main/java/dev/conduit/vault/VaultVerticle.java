package dev.conduit.vault;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.BusReplies;
import dev.conduit.core.bus.ComponentStatus;
import dev.conduit.core.bus.VaultRefreshRequest;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.bus.VendAffinity;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.store.CredentialRepository;
import dev.conduit.store.Database;
import dev.conduit.store.OAuthFlowRepository;
import dev.conduit.store.PgPools;
import dev.conduit.store.WebhookRepository;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.Clock;
import java.util.List;

/**
 * The only holder of key material and the only code that turns ciphertext into plaintext. Deployable with
 * several instances; each consumes the same addresses and keeps its own vend cache and change feed.
 *
 * <p>Consumes: {@link Addresses#VAULT_STATUS}, {@link Addresses#VAULT_VEND}, {@link Addresses#VAULT_DEPOSIT},
 * {@link Addresses#VAULT_REVOKE}, {@link Addresses#VAULT_DELETE}, {@link Addresses#VAULT_OPEN_REFRESH},
 * {@link Addresses#VAULT_COMMIT_REFRESH}, {@link Addresses#VAULT_CREATE_WEBHOOK},
 * {@link Addresses#VAULT_ROTATE_WEBHOOK_SECRET},
 * {@link Addresses#VAULT_OPEN_WEBHOOK_SECRET}, {@link Addresses#VAULT_START_FLOW}, {@link Addresses#VAULT_CLAIM_FLOW}.
 * Publishes {@link Addresses#CONNECTION_CONNECTED}, {@link Addresses#CONNECTION_REAUTHORIZED},
 * {@link Addresses#CONNECTION_REVOKED}. Sends: {@link Addresses#REFRESH_REVOKE}. It never waits on another verticle:
 * a vend whose token is due is answered "due", and the HTTP layer asks for the refresh.
 */
public final class VaultVerticle extends VerticleBase {

  static final String COMPONENT = "vault";

  private final VaultDependencies deps;
  private ChangeFeed feed;

  public VaultVerticle(VaultDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    EventBus bus = vertx.eventBus();
    VendCache cache = new VendCache(deps.config().cacheSize(), deps.config().cacheTtl().toNanos(), System::nanoTime);
    feed = new ChangeFeed(vertx, deps.database(), cache::invalidate, cache::clear);
    Database database = PgPools.shared(vertx, deps.database(), deps.poolSize());
    EnvelopeSealer sealer = new EnvelopeSealer(deps.keyset());
    VaultMetrics metrics = new VaultMetrics(deps.metrics());
    VaultService service = new VaultService(new CredentialRepository(database), sealer, deps.refresh().lead(), bus,
        metrics, Clock.systemUTC(), cache, feed);
    OAuthFlows flows = new OAuthFlows(new OAuthFlowRepository(database), sealer, metrics);
    WebhookSecrets webhooks = new WebhookSecrets(new WebhookRepository(database), sealer, metrics,
        deps.limits().webhooksPerOwner(), deps.webhookSecretOverlap());
    Handler<Message<VaultRequest.Vend>> vends =
        message -> service.vend(message.body()).onComplete(BusReplies.to(message));
    return feed.start().compose(v -> Future.all(List.of(
        bus.consumer(Addresses.VAULT_STATUS, message -> message.reply(ComponentStatus.ready(COMPONENT))).completion(),
        // every caller's, and this event loop's own (VendAffinity)
        bus.consumer(Addresses.VAULT_VEND, vends).completion(),
        bus.consumer(VendAffinity.claim(vertx), vends).completion(),
        bus.<VaultRequest.Deposit>consumer(Addresses.VAULT_DEPOSIT,
            message -> service.deposit(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRequest.StartFlow>consumer(Addresses.VAULT_START_FLOW,
            message -> flows.start(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRefreshRequest.ClaimFlow>consumer(Addresses.VAULT_CLAIM_FLOW,
            message -> flows.claim(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRequest.Revoke>consumer(Addresses.VAULT_REVOKE,
            message -> service.revoke(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRequest.Delete>consumer(Addresses.VAULT_DELETE,
            message -> service.delete(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRefreshRequest.Open>consumer(Addresses.VAULT_OPEN_REFRESH,
            message -> service.openRefreshToken(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<VaultRefreshRequest.Commit>consumer(Addresses.VAULT_COMMIT_REFRESH,
            message -> service.commitRefresh(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<WebhookRequest.Create>consumer(Addresses.VAULT_CREATE_WEBHOOK,
            message -> webhooks.create(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<WebhookRequest.RotateSecret>consumer(Addresses.VAULT_ROTATE_WEBHOOK_SECRET,
            message -> webhooks.rotate(message.body()).onComplete(BusReplies.to(message))).completion(),
        bus.<WebhookRequest.OpenSecret>consumer(Addresses.VAULT_OPEN_WEBHOOK_SECRET,
            message -> webhooks.open(message.body()).onComplete(BusReplies.to(message))).completion())));
  }

  @Override
  public Future<?> stop() {
    VendAffinity.release(vertx);
    return feed == null ? Future.succeededFuture() : feed.close();
  }
}
