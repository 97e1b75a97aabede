package dev.conduit.core.config;

import java.time.Duration;

/**
 * @param lead      refresh a token when it expires within this much time
 * @param interval  how often the sweep looks for due credentials
 * @param batchSize how many due credentials one sweep claims
 */
public record RefreshConfig(Duration lead, Duration interval, int batchSize) {
}
