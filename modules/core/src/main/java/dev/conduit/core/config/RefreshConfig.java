package dev.conduit.core.config;

import java.time.Duration;
import java.util.List;

/**
 * How tokens are kept alive.
 *
 * @param lead                 refresh a token when it expires within this much time (or within half its lifetime,
 *                             when that is shorter)
 * @param interval             how often the sweep looks for due credentials
 * @param batchSize            how many due credentials one sweep claims
 * @param timeout              the longest one call to a provider's token endpoint may take
 * @param lease                how long a claim on a credential lasts; a crashed replica's claims come back after it
 * @param maxThrottleWait      the longest a call waits for its connector's rate limiter before it is deferred
 * @param defaultTokenLifetime the lifetime assumed when a provider's answer has no usable {@code expires_in}
 * @param maxBackoff           the longest wait between attempts after transient failures
 * @param rateLimits           per-connector ceilings replacing the catalog's
 */
public record RefreshConfig(
    Duration lead,
    Duration interval,
    int batchSize,
    Duration timeout,
    Duration lease,
    Duration maxThrottleWait,
    Duration defaultTokenLifetime,
    Duration maxBackoff,
    List<RateLimitOverride> rateLimits) {

  public RefreshConfig {
    rateLimits = rateLimits == null ? List.of() : List.copyOf(rateLimits);
  }
}
