package dev.conduit.http.auth;

import dev.conduit.store.ApiKeyRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records API keys' {@code lastUsedAt} without a write per request: a use only notes the key's latest use in
 * memory, and a timer writes what gathered, one statement for all keys, at most one update per key per flush. A
 * failed flush is counted ({@code conduit_api_key_usage_flush_failures_total}) and its uses are kept for the next one
 * (a later use of the same key replaces them). One per HTTP verticle instance, used from its event loop only.
 */
public final class KeyUsage {

  public static final Duration FLUSH_INTERVAL = Duration.ofSeconds(2);
  private static final Logger LOG = LoggerFactory.getLogger(KeyUsage.class);

  private final Vertx vertx;
  private final ApiKeyRepository keys;
  private final Counter failures;
  private Map<UUID, Instant> pending = new HashMap<>();
  private Future<Void> flushing = Future.succeededFuture();
  private long timer = -1;

  public KeyUsage(Vertx vertx, ApiKeyRepository keys, MeterRegistry metrics) {
    this.vertx = vertx;
    this.keys = keys;
    this.failures = Counter.builder("conduit.api_key.usage.flush.failures")
        .description("Writes of API keys' lastUsedAt that failed (the uses are kept for the next flush)")
        .register(metrics);
  }

  void used(UUID keyId, Instant at) {
    pending.put(keyId, at);
  }

  /** Starts the periodic flush; call on the context that owns this recorder. */
  public void start() {
    timer = vertx.setPeriodic(FLUSH_INTERVAL.toMillis(), id -> flush());
  }

  /** Stops the timer and writes what is still pending (best effort: a failure is counted, not raised). */
  public Future<Void> close() {
    vertx.cancelTimer(timer);
    return flushing.transform(previous -> write());
  }

  private void flush() {
    if (flushing.isComplete() && !pending.isEmpty()) {
      flushing = write();
    }
  }

  private Future<Void> write() {
    Map<UUID, Instant> batch = pending;
    pending = new HashMap<>();
    return keys.recordUse(batch).recover(failure -> {
      failures.increment();
      LOG.atWarn().setMessage("API keys' last use could not be recorded; trying again at the next flush")
          .addKeyValue("keys", batch.size()).addKeyValue("error", failure.toString()).log();
      batch.forEach(pending::putIfAbsent);
      return Future.succeededFuture();
    });
  }
}
