package dev.conduit.notify;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Deliveries by outcome, attempt latency, and the outbox backlog with its oldest age. */
final class NotifyMetrics {

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> attempts = new ConcurrentHashMap<>();
  private final Timer latency;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestMillis = new AtomicLong();

  NotifyMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.latency = Timer.builder("conduit.webhook.attempt.duration")
        .description("Time one delivery attempt took, request to answer").register(registry);
    Gauge.builder("conduit.webhook.backlog", backlog, AtomicLong::get)
        .description("Deliveries waiting to be sent (due or scheduled for retry)").register(registry);
    Gauge.builder("conduit.webhook.backlog.oldest.seconds", oldestMillis, m -> m.get() / 1000.0)
        .description("How long the oldest waiting delivery has waited").register(registry);
  }

  /** One attempt; {@code outcome} is delivered, retry, failed or disabled; {@code took} null when nothing was sent. */
  void attempt(String outcome, Duration took) {
    attempts.computeIfAbsent(outcome, o -> Counter.builder("conduit.webhook.deliveries")
        .description("Delivery attempts by outcome")
        .tag("outcome", o)
        .register(registry)).increment();
    if (took != null) {
      latency.record(took);
    }
  }

  void backlog(long pending, Duration oldest) {
    backlog.set(pending);
    oldestMillis.set(oldest.toMillis());
  }
}
