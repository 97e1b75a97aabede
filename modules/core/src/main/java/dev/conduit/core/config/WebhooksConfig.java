package dev.conduit.core.config;

/**
 * @param allowPrivateTargets accept loopback and private-network webhook URLs (development and tests only)
 * @param allowInsecure       accept plain {@code http} webhook URLs
 */
public record WebhooksConfig(boolean allowPrivateTargets, boolean allowInsecure) {
}
