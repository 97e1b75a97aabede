package dev.conduit.notify;

import dev.conduit.store.DeliveryRepository;
import dev.conduit.store.OutageLog;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the outbox from growing for ever: every so often, deletes events older than {@code webhooks.retention}
 * whose deliveries are all over (delivered or failed), with their deliveries and attempts, in small batches so
 * no statement holds many locks. Pending deliveries are never touched, however old. Replicas may run it at the
 * same time; the batches skip rows another replica is deleting.
 */
final class OutboxRetention {

  private static final Logger LOG = LoggerFactory.getLogger(OutboxRetention.class);
  private static final int BATCH = 1_000;

  private final OutageLog outage = new OutageLog(LOG, "outbox retention");
  private final Vertx vertx;
  private final DeliveryRepository deliveries;
  private final Duration retention;
  private final Duration every;
  private boolean stopped;
  private long timer = -1;

  OutboxRetention(Vertx vertx, DeliveryRepository deliveries, Duration retention) {
    this.vertx = vertx;
    this.deliveries = deliveries;
    this.retention = retention;
    // hourly, or a tenth of the retention when that is shorter, so nothing is kept much longer than promised
    Duration tenth = retention.dividedBy(10);
    this.every = tenth.compareTo(Duration.ofHours(1)) < 0 ? max(tenth, Duration.ofMillis(100)) : Duration.ofHours(1);
  }

  private static Duration max(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  void start() {
    schedule();
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(every.toMillis(), id -> purge(0));
    }
  }

  /** Deletes batch after batch until a batch comes back short; then waits for the next turn. */
  private void purge(long deletedSoFar) {
    if (stopped) {
      return;
    }
    deliveries.purge(retention, BATCH).onComplete(result -> {
      if (result.failed()) {
        outage.failed("outbox retention failed; trying again later", result.cause());
        schedule();
        return;
      }
      outage.succeeded();
      if (result.result() == BATCH) {
        purge(deletedSoFar + BATCH);
      } else {
        long deleted = deletedSoFar + result.result();
        if (deleted > 0) {
          LOG.atInfo().setMessage("outbox retention deleted old webhook events").addKeyValue("events", deleted)
              .addKeyValue("olderThan", retention).log();
        }
        schedule();
      }
    });
  }
}
