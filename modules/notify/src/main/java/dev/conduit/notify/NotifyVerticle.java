package dev.conduit.notify;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.BusReplies;
import dev.conduit.core.bus.ComponentStatus;
import dev.conduit.core.bus.VaultSigningClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.store.DeliveryRepository;
import dev.conduit.store.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.http.PoolOptions;
import java.util.ArrayList;
import java.util.List;

/**
 * The notification service: delivers signed webhooks for connection events from the durable outbox, and judges
 * webhook URLs for the HTTP layer. Deployed once per process; replicas share the outbox through claims.
 *
 * <p>Consumes: {@link Addresses#NOTIFY_STATUS}, {@link Addresses#NOTIFY_CHECK_URL}, and as wake-ups
 * {@link Addresses#NOTIFY_WAKE}, {@link Addresses#CONNECTION_NEEDS_REAUTH}, {@link Addresses#CONNECTION_CONNECTED},
 * {@link Addresses#CONNECTION_REAUTHORIZED},
 * {@link Addresses#CONNECTION_REVOKED}; {@link Addresses#PROCESS_STOPPING} stops claiming.
 */
public final class NotifyVerticle extends VerticleBase {

  static final String COMPONENT = "notify";
  private static final int MAX_CONNECTIONS_PER_RECEIVER = 16;

  private final NotifyDependencies deps;
  private DeliveryDispatcher dispatcher;
  private OutboxRetention retention;

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
    retention = new OutboxRetention(vertx, deliveries, deps.config().retention());
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
        Addresses.CONNECTION_CONNECTED, Addresses.CONNECTION_REAUTHORIZED, Addresses.CONNECTION_REVOKED)) {
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
