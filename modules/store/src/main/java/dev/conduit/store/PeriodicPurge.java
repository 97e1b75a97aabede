package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.slf4j.Logger;

/**
 * Deletes old rows in small batches on a timer, so that no purge holds locks or a connection for long: batch after
 * batch until one comes back short, then one line saying how many went, then a wait for the next turn. A database
 * outage is logged once ({@link OutageLog}) and the purge tries again next turn. One instance per job, on one event
 * loop.
 */
public final class PeriodicPurge {

  /** One batch of the job: deletes at most {@code limit} rows and says how many it deleted. */
  @FunctionalInterface
  public interface Batch {
    Future<Integer> delete(int limit);
  }

  private final Vertx vertx;
  private final Logger log;
  private final String deletedMessage;
  private final OutageLog outage;
  private final Duration every;
  private final int batchSize;
  private final Batch batch;
  private boolean stopped;
  private long timer = -1;

  /**
   * @param job            what purges, for the outage lines (e.g. "outbox retention")
   * @param deletedMessage the line logged after a turn that deleted rows, with their count as {@code deleted}
   */
  public PeriodicPurge(Vertx vertx, Logger log, String job, String deletedMessage, Duration every, int batchSize,
      Batch batch) {
    this.vertx = vertx;
    this.log = log;
    this.deletedMessage = deletedMessage;
    this.outage = new OutageLog(log, job);
    this.every = every;
    this.batchSize = batchSize;
    this.batch = batch;
  }

  /**
   * Hourly, or a tenth of {@code retention} when that is shorter (at least 100 ms), so nothing is kept much longer
   * than promised.
   */
  public static Duration turnFor(Duration retention) {
    Duration tenth = retention.dividedBy(10);
    if (tenth.compareTo(Duration.ofHours(1)) >= 0) {
      return Duration.ofHours(1);
    }
    return tenth.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : tenth;
  }

  public void start() {
    schedule();
  }

  public void stop() {
    stopped = true;
    vertx.cancelTimer(timer);
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(every.toMillis(), id -> purge(0));
    }
  }

  private void purge(long deletedSoFar) {
    if (stopped) {
      return;
    }
    batch.delete(batchSize).onComplete(result -> {
      if (result.failed()) {
        outage.failed(deletedMessage + ": failed; trying again later", result.cause());
        schedule();
        return;
      }
      outage.succeeded();
      if (result.result() >= batchSize) {
        purge(deletedSoFar + result.result());
        return;
      }
      long deleted = deletedSoFar + result.result();
      if (deleted > 0) {
        log.atInfo().setMessage(deletedMessage).addKeyValue("deleted", deleted).log();
      }
      schedule();
    });
  }
}
