package dev.conduit.core.config;

import java.time.Duration;

/**
 * The audit trail.
 *
 * @param retention how long audit entries are kept
 */
public record AuditConfig(Duration retention) {
}
