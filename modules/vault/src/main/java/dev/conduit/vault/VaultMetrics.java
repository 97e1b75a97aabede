package dev.conduit.vault;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The vault's meters: vends by connector and outcome, and ciphertexts that failed to open. */
final class VaultMetrics {

  private final MeterRegistry registry;
  /** connector → outcome → counter; looked up without building a key string on the hot path. */
  private final ConcurrentMap<String, ConcurrentMap<String, Counter>> vends = new ConcurrentHashMap<>();
  private final Counter openFailures;

  VaultMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.openFailures = Counter.builder("conduit.vault.open.failures")
        .description("Stored ciphertexts that did not open (wrong keyset, moved or altered rows)")
        .register(registry);
  }

  /** Counts one vend; {@code outcome} is {@code ok} or an error code. */
  void vend(String connector, String outcome) {
    vends.computeIfAbsent(connector, c -> new ConcurrentHashMap<>())
        .computeIfAbsent(outcome, o -> Counter.builder("conduit.vends")
            .description("Vend requests by connector and outcome")
            .tag("connector", connector)
            .tag("outcome", outcome)
            .register(registry))
        .increment();
  }

  void openFailure() {
    openFailures.increment();
  }
}
