package dev.conduit.refresh;

import dev.conduit.core.bus.RefreshResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

/** Refreshes by connector and outcome, rate-limit waits, sweep batch size and duration, and the due backlog. */
final class RefreshMetrics {

  private final MeterRegistry registry;
  private final ConcurrentMap<String, Counter> refreshes = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Counter> throttleWaits = new ConcurrentHashMap<>();
  private final DistributionSummary batchSize;
  private final Timer sweepDuration;
  private final AtomicLong dueBacklog = new AtomicLong();

  RefreshMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.batchSize = DistributionSummary.builder("conduit.refresh.sweep.batch")
        .description("Credentials claimed by one sweep").register(registry);
    this.sweepDuration = Timer.builder("conduit.refresh.sweep.duration")
        .description("Time one sweep took, claim to last outcome").register(registry);
    Gauge.builder("conduit.refresh.due.backlog", dueBacklog, AtomicLong::get)
        .description("Credentials due for refresh at the last sweep").register(registry);
  }

  void refreshed(String connector, RefreshResult.Outcome outcome) {
    String key = connector + '\n' + outcome;
    refreshes.computeIfAbsent(key, k -> Counter.builder("conduit.refreshes")
        .description("Refresh attempts by connector and outcome")
        .tag("connector", connector)
        .tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
        .register(registry)).increment();
  }

  void throttleWait(String connector) {
    throttleWaits.computeIfAbsent(connector, c -> Counter.builder("conduit.refresh.throttle.waits")
        .description("Refresh calls that waited for the connector's rate limiter")
        .tag("connector", c)
        .register(registry)).increment();
  }

  void sweep(int claimed, Duration took) {
    batchSize.record(claimed);
    sweepDuration.record(took);
  }

  void dueBacklog(long due) {
    dueBacklog.set(due);
  }
}
