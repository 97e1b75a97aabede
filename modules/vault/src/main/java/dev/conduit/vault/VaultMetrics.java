package dev.conduit.vault;

import dev.conduit.core.metrics.TaggedMeters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** The vault's meters: vends by connector and outcome, and ciphertexts that failed to open. */
final class VaultMetrics {

  private final TaggedMeters<Counter> vends;
  private final Counter openFailures;

  VaultMetrics(MeterRegistry registry) {
    this.vends = TaggedMeters.counters(registry, "conduit.vends", "Vend requests by connector and outcome",
        "connector", "outcome");
    this.openFailures = Counter.builder("conduit.vault.open.failures")
        .description("Stored ciphertexts that did not open (wrong keyset, moved or altered rows)")
        .register(registry);
  }

  /** Counts one vend; {@code outcome} is {@code ok} or an error code. */
  void vend(String connector, String outcome) {
    vends.get(connector, outcome).increment();
  }

  void openFailure() {
    openFailures.increment();
  }
}
