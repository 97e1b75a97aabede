package dev.conduit.core.config;

import java.time.Duration;

/**
 * Connect sessions and the hosted connect page.
 *
 * @param sessionTtl how long a connect session's link works after it is created
 */
public record ConnectConfig(Duration sessionTtl) {
}
