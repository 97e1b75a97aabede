package dev.conduit.notify;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.BusReplies;
import dev.conduit.core.bus.ComponentStatus;
import dev.conduit.core.bus.VaultSigningClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.store.DeliveryRepository;
import dev.conduit.store.PeriodicPurge;
import dev.conduit.store.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The notification service: delivers signed webhooks for connection events from the durable outbox, and judges
 * webhook URLs for the HTTP layer. Deployed once per process; replicas share the outbox through claims.
 *
 * <p>Consumes: {@link Addresses#NOTIFY_STATUS}, {@link Addresses#NOTIFY_CHECK_URL}, and as wake-ups
 * {@link Addresses#NOTIFY_WAKE}, {@link Addresses#CONNECTION_NEEDS_REAUTH}, {@link Addresses#CONNECTION_CONNECTED},
 * {@link Addresses#CONNECTION_REAUTHORIZED},
 * {@link Addresses#CONNECTION_REVOKED}, {@link Addresses#CONNECTION_DELETED}; {@link Addresses#PROCESS_STOPPING} stops claiming.
 */
public final class NotifyVerticle extends VerticleBase {

  static final String COMPONENT = "notify";
  private static final int MAX_CONNECTIONS_PER_RECEIVER = 16;
  private static final Logger LOG = LoggerFactory.getLogger(NotifyVerticle.class);
  private static final int RETENTION_BATCH = 1_000;

  private final NotifyDependencies deps;
  private DeliveryDispatcher dispatcher;
  /**
   * Keeps the outbox from growing for ever: deletes events older than {@code webhooks.retention} whose deliveries
   * are all over (delivered or failed), with their deliveries and attempts. Pending deliveries are never touched,
   * however old. Replicas may run it at the same time; the batches skip rows another replica is deleting.
   */
  private PeriodicPurge retention;

  public NotifyVerticle(NotifyDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    UrlGuard guard = new UrlGuard(vertx, deps.config().allowPrivateTargets(), deps.config().allowInsecure(),
        deps.config().allowedPorts());
    WebhookSender sender = new WebhookSender(vertx, vertx.createHttpClient(
        WebhookSender.clientOptions(deps.config().timeout()),
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_RECEIVER)), deps.config().timeout());
    DeliveryRepository deliveries = new DeliveryRepository(PgPools.shared(vertx, deps.database(), deps.poolSize()));
    Duration kept = deps.config().retention();
    retention = new PeriodicPurge(vertx, LOG, "outbox retention", "outbox retention deleted old webhook events",
        PeriodicPurge.turnFor(kept), RETENTION_BATCH, limit -> deliveries.purge(kept, limit));
    dispatcher = new DeliveryDispatcher(vertx, deliveries,
        new VaultSigningClient(vertx.eventBus()), guard, sender, new RetrySchedule(deps.config().retrySchedule()),
        new NotifyMetrics(deps.metrics()), deps.config().pollInterval(), deps.config().batchSize(),
        deps.config().timeout());
    EventBus bus = vertx.eventBus();
    List<Future<?>> registrations = new ArrayList<>(List.of(
        bus.consumer(Addresses.NOTIFY_STATUS, message -> message.reply(ComponentStatus.ready(COMPONENT))).completion(),
        bus.<WebhookRequest.CheckUrl>consumer(Addresses.NOTIFY_CHECK_URL, message -> guard.check(message.body().url())
            .map(target -> new WebhookRequest.UrlVerdict(true, null))
            .recover(e -> Future.succeededFuture(new WebhookRequest.UrlVerdict(false,
                e instanceof UrlGuard.Refused ? e.getMessage() : "the URL cannot be checked")))
            .onComplete(BusReplies.to(message))).completion()));
    // deliveries in flight finish when the verticle is undeployed; new ones are left in the outbox for other
    // replicas or the next start
    registrations.add(bus.consumer(Addresses.PROCESS_STOPPING, message -> {
      retention.stop();
      dispatcher.stop();
    }).completion());
    for (String wakeUp : List.of(Addresses.NOTIFY_WAKE, Addresses.CONNECTION_NEEDS_REAUTH,
        Addresses.CONNECTION_CONNECTED, Addresses.CONNECTION_REAUTHORIZED, Addresses.CONNECTION_REVOKED,
        Addresses.CONNECTION_DELETED)) {
      registrations.add(bus.consumer(wakeUp, message -> dispatcher.wake()).completion());
    }
    return Future.all(registrations).onSuccess(v -> {
      dispatcher.start();
      retention.start();
    });
  }

  @Override
  public Future<?> stop() {
    if (retention != null) {
      retention.stop();
    }
    // let the deliveries in flight record their attempts, so no claim is left to lapse
    return dispatcher == null ? Future.succeededFuture() : dispatcher.stop();
  }
}
