package dev.conduit.notify;

import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.store.DeliveryRepository;
import dev.conduit.store.DeliveryRepository.Claimed;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what the outbox holds. Woken by connection events and by a timer, it claims due deliveries
 * ({@code SKIP LOCKED} and a lease, so replicas share the work and a crashed replica's claims come back), checks
 * each URL again, signs and sends, and records every attempt: 2xx delivered; 410 Gone disables the endpoint;
 * anything else (3xx included, timeouts, refused URLs) is retried on the schedule, and a delivery that uses up
 * its schedule fails and marks its endpoint failed. Runs on one event loop; never overlaps itself.
 */
final class DeliveryDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);

  private final Vertx vertx;
  private final DeliveryRepository deliveries;
  private final VaultClient vault;
  private final UrlGuard guard;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final NotifyMetrics metrics;
  private final Duration pollInterval;
  private final int batchSize;
  private final Duration lease;
  private boolean running;
  private boolean wokenWhileRunning;
  private boolean stopped;
  private long timer = -1;
  private Promise<Void> roundDone = Promise.promise();

  DeliveryDispatcher(Vertx vertx, DeliveryRepository deliveries, VaultClient vault, UrlGuard guard,
      WebhookSender sender, RetrySchedule schedule, NotifyMetrics metrics, Duration pollInterval, int batchSize,
      Duration attemptTimeout) {
    this.vertx = vertx;
    this.deliveries = deliveries;
    this.vault = vault;
    this.guard = guard;
    this.sender = sender;
    this.schedule = schedule;
    this.metrics = metrics;
    this.pollInterval = pollInterval;
    this.batchSize = batchSize;
    // A claim must outlive the attempt it covers: up to one timeout waiting for a connection, one for the request,
    // and time for the name lookup and the record. A claim that lapses is taken again (at least once, not lost).
    this.lease = attemptTimeout.multipliedBy(2).plusSeconds(30);
  }

  void start() {
    wake();
  }

  /** Stops looking for work; completes when the round in progress (if any) has recorded its attempts. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return running ? roundDone.future() : Future.succeededFuture();
  }

  /** Look for due deliveries now (an event was just written); a round in progress runs once more after. */
  void wake() {
    if (stopped) {
      return;
    }
    if (running) {
      wokenWhileRunning = true;
      return;
    }
    vertx.cancelTimer(timer);
    running = true;
    wokenWhileRunning = false;
    roundDone = Promise.promise();
    deliveries.claimDue(lease, batchSize)
        .compose(claimed -> Future.join(claimed.stream().map(this::deliver).toList()).map(claimed))
        .compose(claimed -> deliveries.backlog().map(backlog -> {
          metrics.backlog(backlog.pending(), backlog.oldest());
          return claimed;
        }))
        .onComplete(result -> {
          running = false;
          roundDone.complete();
          if (result.failed()) {
            LOG.atWarn().setMessage("webhook dispatch failed; retrying").addKeyValue("error", result.cause().toString())
                .log();
          }
          boolean more = result.succeeded() && result.result().size() >= batchSize;
          if (more || wokenWhileRunning) {
            vertx.runOnContext(v -> wake());
          } else if (!stopped) {
            timer = vertx.setTimer(pollInterval.toMillis(), id -> wake());
          }
        });
  }

  private Future<Void> deliver(Claimed delivery) {
    int attempt = delivery.attempts() + 1;
    if (!"active".equals(delivery.endpointStatus())) {
      return deliveries.recordAttempt(delivery.id(), attempt, null, "the endpoint is " + delivery.endpointStatus(),
          -1, "failed", null);
    }
    return guard.check(delivery.url())
        .compose(target -> vault.openWebhookSecret(new WebhookRequest.OpenSecret(delivery.owner(),
                delivery.endpointId(), delivery.kekKeyId(), delivery.wrappedKey(), delivery.sealedSecret()))
            .compose(secret -> sender.send(target, delivery.eventId(), delivery.payload(), secret)))
        .otherwise(e -> WebhookSender.Attempt.notSent(e instanceof UrlGuard.Refused refused
            ? "the URL is refused: " + refused.getMessage() : "not sent (" + e.getClass().getSimpleName() + ")"))
        .compose(result -> record(delivery, attempt, result));
  }

  private Future<Void> record(Claimed delivery, int attempt, WebhookSender.Attempt result) {
    Duration took = result.sent() ? Duration.ofMillis(result.durationMs()) : null;
    if (result.delivered()) {
      metrics.attempt("delivered", took);
      return deliveries.recordAttempt(delivery.id(), attempt, result.statusCode(), null, result.durationMs(),
          "delivered", null);
    }
    String error = result.error() != null ? result.error() : "the receiver answered HTTP " + result.statusCode();
    if (result.statusCode() != null && result.statusCode() == 410) {
      metrics.attempt("disabled", took);
      return deliveries.recordAttempt(delivery.id(), attempt, 410, error, result.durationMs(), "failed", null)
          .compose(v -> deliveries.endpointStatus(delivery.endpointId(), "disabled",
              "the receiver answered 410 Gone"));
    }
    Duration wait = schedule.after(attempt - delivery.scheduleStart(), result.retryAfter());
    if (wait == null) {
      metrics.attempt("failed", took);
      LOG.atWarn().setMessage("webhook delivery failed for good").addKeyValue("deliveryId", delivery.id())
          .addKeyValue("endpointId", delivery.endpointId()).addKeyValue("attempts", attempt).log();
      return deliveries.recordAttempt(delivery.id(), attempt, result.statusCode(), error, result.durationMs(),
              "failed", null)
          .compose(v -> deliveries.endpointStatus(delivery.endpointId(), "failed",
              "a delivery failed " + (attempt - delivery.scheduleStart()) + " times in a row"));
    }
    metrics.attempt("retry", took);
    return deliveries.recordAttempt(delivery.id(), attempt, result.statusCode(), error, result.durationMs(),
        "pending", Instant.now().plus(wait));
  }
}
