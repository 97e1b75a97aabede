package dev.conduit.refresh;

import dev.conduit.core.bus.RefreshResult;
import dev.conduit.core.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/** Refreshes by connector and outcome, rate-limit waits, sweep batch size and duration, and the due backlog. */
final class RefreshMetrics {

  private final TaggedMeters<Counter> refreshes;
  private final TaggedMeters<Counter> throttleWaits;
  private final DistributionSummary batchSize;
  private final Timer sweepDuration;
  private final AtomicLong dueBacklog = new AtomicLong();

  RefreshMetrics(MeterRegistry registry) {
    this.refreshes = TaggedMeters.counters(registry, "conduit.refreshes", "Refresh attempts by connector and outcome",
        "connector", "outcome");
    this.throttleWaits = TaggedMeters.counters(registry, "conduit.refresh.throttle.waits",
        "Refresh calls that waited for the connector's rate limiter", "connector");
    this.batchSize = DistributionSummary.builder("conduit.refresh.sweep.batch")
        .description("Credentials claimed by one sweep").register(registry);
    this.sweepDuration = Timer.builder("conduit.refresh.sweep.duration")
        .description("Time one sweep took, claim to last outcome").register(registry);
    Gauge.builder("conduit.refresh.due.backlog", dueBacklog, AtomicLong::get)
        .description("Credentials due for refresh at the last sweep").register(registry);
  }

  void refreshed(String connector, RefreshResult.Outcome outcome) {
    refreshes.get(connector, outcome.name().toLowerCase(Locale.ROOT)).increment();
  }

  void throttleWait(String connector) {
    throttleWaits.get(connector).increment();
  }

  void sweep(int claimed, Duration took) {
    batchSize.record(claimed);
    sweepDuration.record(took);
  }

  void dueBacklog(long due) {
    dueBacklog.set(due);
  }
}
