package dev.conduit.proxy;

import dev.conduit.core.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Proxy calls by connector: answers by status class, latency, calls held back by the ceiling, provider 429s. */
public final class ProxyMetrics {

  private final MeterRegistry registry;
  private final TaggedMeters<Counter> requests;
  private final TaggedMeters<Counter> throttled;
  private final TaggedMeters<Counter> provider429;
  private final Map<String, Timer> latency = new ConcurrentHashMap<>();

  public ProxyMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.requests = TaggedMeters.counters(registry, "conduit.proxy.requests",
        "Proxy calls by connector and the status class of their answer (2xx … 5xx)", "connector", "status");
    this.throttled = TaggedMeters.counters(registry, "conduit.proxy.throttled",
        "Proxy calls answered 429 because the connection's ceiling had nothing left within the wait", "connector");
    this.provider429 = TaggedMeters.counters(registry, "conduit.proxy.provider.429",
        "Provider answers 429 to proxy calls (retried or passed back)", "connector");
  }

  void answered(String connector, int status, Duration took) {
    requests.get(connector, (status / 100) + "xx").increment();
    latency.computeIfAbsent(connector, id -> Timer.builder("conduit.proxy.latency")
        .description("Proxy calls from arrival to the end of the answer, by connector")
        .tag("connector", id)
        .publishPercentileHistogram()
        .register(registry)).record(took);
  }

  void throttled(String connector) {
    throttled.get(connector).increment();
  }

  void provider429(String connector) {
    provider429.get(connector).increment();
  }
}
