package dev.conduit.vault;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.config.VaultConfig;
import dev.conduit.store.DatabaseUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/** What a VaultVerticle needs, prepared before deployment. */
public record VaultDependencies(
    KeysetHandle keyset,
    VaultConfig config,
    RefreshConfig refresh,
    DatabaseUrl database,
    int poolSize,
    MeterRegistry metrics) {

  /** How long a vend waits for a refresh on read: a provider call, a rate-limit wait and a little slack. */
  Duration refreshWait() {
    return refresh.timeout().plus(refresh.maxThrottleWait()).plusSeconds(2);
  }
}
