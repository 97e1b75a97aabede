package dev.conduit.store;

import dev.conduit.core.audit.AuditEntry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records audit entries without a database round trip per action: {@link #record} only puts the entry in a
 * fixed-capacity buffer, and a timer writes what has gathered every {@code every} in multi-row inserts, sooner
 * once a full batch has gathered (so that under load an entry lives for milliseconds, dies young and costs the
 * garbage collector nothing, instead of being copied between generations for a second). When the
 * buffer is full the entry is dropped, counted in {@code conduit_audit_dropped_total} and said once per burst in
 * the log: an action (a vend) is never held up by its audit entry. A crash loses what was recorded since the last
 * flush; {@link #close} writes everything still buffered.
 *
 * <p>One writer per verticle instance, started and closed by it: its timer and inserts run on that verticle's
 * context, so a graceful undeploy flushes exactly what that instance recorded. {@link #record} may be called from
 * any thread.
 */
public final class AuditWriter {

  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  /** Entries one instance holds between flushes: far above a second of vends of one event loop. */
  public static final int CAPACITY = 20_000;
  /** The most entries one INSERT carries. */
  static final int BATCH = 1_000;

  private static final Logger LOG = LoggerFactory.getLogger(AuditWriter.class);

  private final Vertx vertx;
  private final boolean enabled;
  private final AuditRepository repository;
  private final Duration every;
  private final ArrayBlockingQueue<AuditEntry> buffer;
  private final Counter dropped;
  private final OutageLog outage = new OutageLog(LOG, "audit writer");
  /** Set by the first drop of a burst (so it is logged once), cleared when a flush finds the buffer drained. */
  private final AtomicBoolean dropping = new AtomicBoolean();
  /** A batch whose insert failed, written again before anything newer. */
  private List<AuditEntry> retry = List.of();
  private Future<Void> flushing = Future.succeededFuture();
  /** Set while a flush asked for by {@link #record} (a full batch) is on its way to the writer's context. */
  private final AtomicBoolean batchFlushAsked = new AtomicBoolean();
  private volatile Context context;
  private long timer = -1;
  private boolean closed;

  /** @param enabled false: {@link #record} drops every entry uncounted ({@code audit.enabled}, for benchmarks) */
  public AuditWriter(Vertx vertx, AuditRepository repository, MeterRegistry metrics, boolean enabled) {
    this(vertx, repository, metrics, CAPACITY, FLUSH_INTERVAL, enabled);
  }

  AuditWriter(Vertx vertx, AuditRepository repository, MeterRegistry metrics, int capacity, Duration every) {
    this(vertx, repository, metrics, capacity, every, true);
  }

  private AuditWriter(Vertx vertx, AuditRepository repository, MeterRegistry metrics, int capacity, Duration every,
      boolean enabled) {
    this.vertx = vertx;
    this.enabled = enabled;
    this.repository = repository;
    this.every = every;
    this.buffer = new ArrayBlockingQueue<>(capacity);
    this.dropped = Counter.builder("conduit.audit.dropped")
        .description("Audit entries dropped because the audit writer's buffer was full")
        .register(metrics);
  }

  /** Takes the entry for the next flush, or drops (and counts) it when the buffer is full. Never blocks. */
  public void record(AuditEntry entry) {
    if (!enabled) {
      return;
    }
    if (buffer.offer(entry)) {
      if (buffer.size() >= BATCH && context != null && batchFlushAsked.compareAndSet(false, true)) {
        context.runOnContext(v -> {
          batchFlushAsked.set(false);
          flush();
        });
      }
      return;
    }
    dropped.increment();
    if (dropping.compareAndSet(false, true)) {
      LOG.atWarn().setMessage("audit buffer full: dropping audit entries until the database catches up")
          .addKeyValue("capacity", buffer.remainingCapacity() + buffer.size()).log();
    }
  }

  /** Starts the periodic flush; call on the context that owns this writer. */
  public void start() {
    context = vertx.getOrCreateContext();
    timer = vertx.setPeriodic(every.toMillis(), id -> flush());
  }

  /** Whether {@link #start} has run (for tests that must not record before it). */
  boolean started() {
    return context != null;
  }

  /** Stops the timer and writes everything still buffered (or fails when the database cannot take it). */
  public Future<Void> close() {
    closed = true;
    vertx.cancelTimer(timer);
    Promise<Void> done = Promise.promise();
    flushing.onComplete(previous -> drainAll(done));
    return done.future();
  }

  private void drainAll(Promise<Void> done) {
    if (retry.isEmpty() && buffer.isEmpty()) {
      done.complete();
      return;
    }
    writeNext().onComplete(written -> {
      if (written.failed()) {
        done.fail(written.cause());
      } else {
        drainAll(done);
      }
    });
  }

  /** One turn of the timer: writes batches until the buffer is drained; a turn still running is left alone. */
  void flush() {
    if (!flushing.isComplete() || closed) {
      return;
    }
    flushing = flushRemaining();
  }

  private Future<Void> flushRemaining() {
    if (retry.isEmpty() && buffer.isEmpty()) {
      dropping.set(false);
      return Future.succeededFuture();
    }
    return writeNext().compose(v -> flushRemaining(), failure -> Future.succeededFuture());
  }

  /** Writes the failed batch, else the next batch from the buffer. */
  private Future<Void> writeNext() {
    List<AuditEntry> batch;
    if (retry.isEmpty()) {
      batch = new ArrayList<>(Math.min(BATCH, buffer.size()));
      buffer.drainTo(batch, BATCH);
    } else {
      batch = retry;
    }
    return repository.insert(batch)
        .onSuccess(v -> {
          retry = List.of();
          outage.succeeded();
        })
        .onFailure(failure -> {
          // kept, not dropped: new entries wait in the buffer (dropped, counted, when it fills) until this one is in
          retry = batch;
          outage.failed("audit entries could not be written; keeping them and trying again", failure);
        });
  }
}
