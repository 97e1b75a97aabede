package dev.conduit.refresh;

import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.config.AuditConfig;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.store.DatabaseUrl;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What the RefreshVerticle needs, prepared before deployment.
 *
 * @param clients the OAuth clients with their secrets: this verticle is the one that calls token endpoints
 * @param node    this process's name in claims ({@code lease_owner}); unique per replica
 * @param audit   the audit trail's retention: this verticle (one per process) purges old entries
 */
public record RefreshDependencies(
    Catalog catalog,
    ClientRegistry clients,
    RefreshConfig config,
    DatabaseUrl database,
    int poolSize,
    MeterRegistry metrics,
    String node,
    AuditConfig audit) {
}
