package dev.conduit.core.config;

import java.time.Duration;

/**
 * The audit trail.
 *
 * @param enabled   false: nothing is recorded (for benchmarks that compare the cost of auditing)
 * @param retention how long audit entries are kept
 */
public record AuditConfig(boolean enabled, Duration retention) {
}
