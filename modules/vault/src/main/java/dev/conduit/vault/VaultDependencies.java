package dev.conduit.vault;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.config.VaultConfig;
import dev.conduit.store.DatabaseUrl;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;

/**
 * What a VaultVerticle needs, prepared before deployment.
 *
 * @param refreshLead a credential is due for refresh this long before it expires
 */
public record VaultDependencies(
    KeysetHandle keyset,
    VaultConfig config,
    DatabaseUrl database,
    int poolSize,
    Duration refreshLead,
    MeterRegistry metrics) {
}
