package dev.conduit.vault;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.config.LimitsConfig;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.config.VaultConfig;
import dev.conduit.store.DatabaseUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * What a VaultVerticle needs, prepared before deployment.
 *
 * @param refresh the refresh settings: the lead decides when a stored token is due
 * @param limits  how many webhook endpoints one owner may create (the vault creates them, with their secrets)
 * @param webhookSecretOverlap how long a replaced webhook secret still signs beside the new one
 */
public record VaultDependencies(
    KeysetHandle keyset,
    VaultConfig config,
    RefreshConfig refresh,
    DatabaseUrl database,
    int poolSize,
    MeterRegistry metrics,
    LimitsConfig limits,
    Duration webhookSecretOverlap) {
}
