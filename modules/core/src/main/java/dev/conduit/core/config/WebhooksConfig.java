package dev.conduit.core.config;

import java.time.Duration;
import java.util.List;

/**
 * How webhooks are delivered.
 *
 * @param allowPrivateTargets accept loopback and private-network webhook URLs (development and tests only)
 * @param allowInsecure       accept plain {@code http} webhook URLs
 * @param allowedPorts        the ports a webhook URL may name (empty: any); lifted by {@code allowPrivateTargets}
 * @param timeout             the longest one delivery attempt may take
 * @param retrySchedule       the waits after each failed attempt; a delivery gets one more attempt than entries
 * @param pollInterval        how often the dispatcher looks for due deliveries (events also wake it at once)
 * @param batchSize           how many due deliveries one claim takes
 * @param retention           how long delivered and failed events (with their attempts) are kept
 * @param secretOverlap       how long a rotated-out signing secret still signs deliveries beside the new one
 */
public record WebhooksConfig(boolean allowPrivateTargets, boolean allowInsecure, List<Integer> allowedPorts,
    Duration timeout,
    List<Duration> retrySchedule, Duration pollInterval, int batchSize, Duration retention,
    Duration secretOverlap) {

  public WebhooksConfig {
    retrySchedule = retrySchedule == null ? List.of() : List.copyOf(retrySchedule);
    allowedPorts = allowedPorts == null ? List.of() : List.copyOf(allowedPorts);
  }
}
