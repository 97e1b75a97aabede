package dev.conduit.notify;

import dev.conduit.core.bus.VaultSigningClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.webhook.DeliveryStatus;
import dev.conduit.core.webhook.EndpointStatus;
import dev.conduit.notify.NotifyMetrics.Outcome;
import dev.conduit.store.DeliveryRepository;
import dev.conduit.store.DeliveryRepository.Claimed;
import dev.conduit.store.DeliveryRepository.EndpointChange;
import dev.conduit.store.OutageLog;
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
 * its schedule fails and marks its endpoint failed.
 *
 * <p>Deliveries run as a pipeline, not in lock-step rounds: up to {@code 2 × batch-size} are in flight, each
 * recorded as soon as it ends, and a new claim is made whenever half a batch of room has freed while more is
 * due — so one slow receiver holds only its own deliveries, never everyone's. Runs on one event loop.
 */
final class DeliveryDispatcher {

  private static final Logger LOG = LoggerFactory.getLogger(DeliveryDispatcher.class);
  private static final Duration BACKLOG_EVERY = Duration.ofSeconds(1);

  private final OutageLog outage = new OutageLog(LOG, "the webhook dispatcher");
  private final Vertx vertx;
  private final DeliveryRepository deliveries;
  private final VaultSigningClient vault;
  private final UrlGuard guard;
  private final WebhookSender sender;
  private final RetrySchedule schedule;
  private final NotifyMetrics metrics;
  private final Duration pollInterval;
  private final int batchSize;
  private final int maxInFlight;
  private final Duration lease;
  private int inFlight;
  private boolean claiming;
  private boolean wokenWhileClaiming;
  /** The last claim came back full: more is probably due, so freed room is used at once. */
  private boolean moreDue;
  private boolean stopped;
  private long timer = -1;
  private long backlogCheckedAt = System.nanoTime() - BACKLOG_EVERY.toNanos();
  private final Promise<Void> drained = Promise.promise();

  DeliveryDispatcher(Vertx vertx, DeliveryRepository deliveries, VaultSigningClient vault, UrlGuard guard,
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
    this.maxInFlight = 2 * batchSize;
    // A claim must outlive the attempt it covers: up to one timeout waiting for a connection, one for the request,
    // and time for the name lookup and the record. A claim that lapses is taken again (at least once, not lost).
    this.lease = attemptTimeout.multipliedBy(2).plusSeconds(30);
  }

  void start() {
    wake();
  }

  /** Stops claiming; completes when every delivery in flight has recorded its attempt, so no claim is left to lapse. */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    completeIfDrained();
    return drained.future();
  }

  /** Look for due deliveries now (an event was just written, or room has freed). */
  void wake() {
    if (stopped) {
      return;
    }
    if (claiming) {
      wokenWhileClaiming = true;
      return;
    }
    int room = maxInFlight - inFlight;
    if (room <= 0) {
      moreDue = true; // a delivery that ends will wake again
      return;
    }
    vertx.cancelTimer(timer);
    claiming = true;
    wokenWhileClaiming = false;
    int wanted = Math.min(room, batchSize);
    deliveries.claimDue(lease, wanted).onComplete(result -> {
      claiming = false;
      if (result.failed()) {
        outage.failed("claiming webhook deliveries failed; trying again", result.cause());
        moreDue = false;
      } else {
        outage.succeeded();
        result.result().forEach(this::start);
        moreDue = result.result().size() >= wanted;
      }
      updateBacklog();
      if (stopped) {
        completeIfDrained();
      } else if (wokenWhileClaiming || (moreDue && inFlight <= maxInFlight - batchSize / 2)) {
        vertx.runOnContext(v -> wake());
      } else {
        timer = vertx.setTimer(pollInterval.toMillis(), id -> wake());
      }
    });
  }

  private void start(Claimed delivery) {
    inFlight++;
    deliver(delivery)
        .onFailure(e -> LOG.atWarn().setMessage("recording a webhook attempt failed; the claim will lapse and retry")
            .addKeyValue("deliveryId", delivery.id()).addKeyValue("error", e.toString()).log())
        .onComplete(done -> {
          inFlight--;
          if (stopped) {
            completeIfDrained();
          } else if (moreDue && !claiming && inFlight <= maxInFlight - batchSize / 2) {
            wake();
          }
        });
  }

  private void completeIfDrained() {
    if (inFlight == 0 && !claiming) {
      drained.tryComplete();
    }
  }

  /** The backlog gauges, from the database at most once a second. */
  private void updateBacklog() {
    long now = System.nanoTime();
    if (now - backlogCheckedAt < BACKLOG_EVERY.toNanos()) {
      return;
    }
    backlogCheckedAt = now;
    deliveries.backlog().onSuccess(backlog -> metrics.backlog(backlog.pending(), backlog.oldest()));
  }

  private Future<Void> deliver(Claimed delivery) {
    int attempt = delivery.attempts() + 1;
    if (delivery.endpointStatus() != EndpointStatus.ACTIVE) {
      return deliveries.recordAttempt(delivery.id(), attempt, null,
          "the endpoint is " + delivery.endpointStatus().wireName(), -1, DeliveryStatus.FAILED, null, null);
    }
    return guard.check(delivery.url())
        .compose(target -> vault.openWebhookSecret(new WebhookRequest.OpenSecret(delivery.owner(),
                delivery.endpointId(), delivery.kekKeyId(), delivery.wrappedKey(), delivery.sealedSecret(),
                delivery.secretVersion(), delivery.previousSecret()))
            .compose(secrets -> sender.send(target, delivery.eventId(), delivery.payload(), secrets.all())))
        // the sender answers every outcome itself; what fails before it is the URL check or the vault
        .otherwise(e -> WebhookSender.Attempt.notSent(e instanceof UrlGuard.Refused refused
            ? "the URL is refused: " + refused.getMessage() : "not sent: the signing secret could not be opened"))
        .compose(result -> record(delivery, attempt, result));
  }

  /** What an attempt's result means: the metric outcome, the delivery's new state, and the endpoint's if it changes. */
  private record Verdict(Outcome outcome, DeliveryStatus status, Instant nextAttempt, EndpointChange endpointChange) {
  }

  private Verdict verdict(Claimed delivery, int attempt, WebhookSender.Attempt result) {
    if (result.delivered()) {
      return new Verdict(Outcome.DELIVERED, DeliveryStatus.DELIVERED, null, null);
    }
    if (result.statusCode() != null && result.statusCode() == 410) {
      return new Verdict(Outcome.DISABLED, DeliveryStatus.FAILED, null,
          new EndpointChange(EndpointStatus.DISABLED, "the receiver answered 410 Gone"));
    }
    int inSchedule = attempt - delivery.scheduleStart();
    Duration wait = schedule.after(inSchedule, result.retryAfter());
    if (wait == null) {
      LOG.atWarn().setMessage("webhook delivery failed for good").addKeyValue("deliveryId", delivery.id())
          .addKeyValue("endpointId", delivery.endpointId()).addKeyValue("attempts", attempt).log();
      return new Verdict(Outcome.FAILED, DeliveryStatus.FAILED, null,
          new EndpointChange(EndpointStatus.FAILED, "a delivery failed " + inSchedule + " times in a row"));
    }
    return new Verdict(Outcome.RETRY, DeliveryStatus.PENDING, Instant.now().plus(wait), null);
  }

  private Future<Void> record(Claimed delivery, int attempt, WebhookSender.Attempt result) {
    Verdict verdict = verdict(delivery, attempt, result);
    metrics.attempt(verdict.outcome(), result.sent() ? Duration.ofMillis(result.durationMs()) : null);
    String error = result.delivered() ? null
        : result.error() != null ? result.error() : "the receiver answered HTTP " + result.statusCode();
    return deliveries.recordAttempt(delivery.id(), attempt, result.statusCode(), error, result.durationMs(),
        verdict.status(), verdict.nextAttempt(), verdict.endpointChange());
  }
}
