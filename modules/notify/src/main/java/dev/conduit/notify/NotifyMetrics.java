package dev.conduit.notify;

import dev.conduit.core.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Deliveries by outcome, attempt latency, and the outbox backlog with its oldest age. */
final class NotifyMetrics {

  /** What an attempt came to, as the {@code outcome} tag says it. */
  enum Outcome {
    DELIVERED, RETRY, FAILED, DISABLED;

    final String tag = name().toLowerCase(Locale.ROOT);
  }

  private final TaggedMeters<Counter> attempts;
  private final Timer latency;
  private final AtomicLong backlog = new AtomicLong();
  private final AtomicLong oldestMillis = new AtomicLong();

  NotifyMetrics(MeterRegistry registry) {
    this.attempts = TaggedMeters.counters(registry, "conduit.webhook.deliveries", "Delivery attempts by outcome",
        "outcome");
    this.latency = Timer.builder("conduit.webhook.attempt.duration")
        .description("Time one delivery attempt took, request to answer").register(registry);
    Gauge.builder("conduit.webhook.backlog", backlog, AtomicLong::get)
        .description("Deliveries waiting to be sent (due or scheduled for retry)").register(registry);
    Gauge.builder("conduit.webhook.backlog.oldest.seconds", oldestMillis, m -> m.get() / 1000.0)
        .description("How long the oldest waiting delivery has waited").register(registry);
  }

  /** One attempt; {@code took} null when nothing was sent. */
  void attempt(Outcome outcome, Duration took) {
    attempts.get(outcome.tag).increment();
    if (took != null) {
      latency.record(took);
    }
  }

  void backlog(long pending, Duration oldest) {
    backlog.set(pending);
    oldestMillis.set(oldest.toMillis());
  }
}
