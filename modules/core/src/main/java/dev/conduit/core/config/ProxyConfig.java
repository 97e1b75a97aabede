package dev.conduit.core.config;

import java.time.Duration;

/**
 * The provider API proxy ({@code /api/connections/{id}/proxy/{path}}).
 *
 * @param maxBody          the largest request body passed on, in bytes; a larger one is answered 413
 * @param maxThrottleWait  the longest a call waits for its connection's ceiling (and for a provider's Retry-After
 *                         before the one retry) before it is answered 429
 * @param connectTimeout   the longest a connection to the provider may take to open
 * @param idleTimeout      the longest the provider may send nothing while Conduit waits for its answer or for the
 *                         next bytes of it
 * @param totalTimeout     the longest one call may take from start to the end of the answer's body
 * @param poolSize         open connections to one provider origin, per HTTP instance; more calls queue
 */
public record ProxyConfig(long maxBody, Duration maxThrottleWait, Duration connectTimeout, Duration idleTimeout,
    Duration totalTimeout, int poolSize) {
}
