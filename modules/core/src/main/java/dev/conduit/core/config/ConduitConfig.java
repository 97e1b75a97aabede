package dev.conduit.core.config;

/**
 * The whole configuration, read from {@code config/conduit.yaml} and overridden by {@code CONDUIT_*}
 * environment variables. Each verticle receives only the slice it needs.
 */
public record ConduitConfig(
    HttpConfig http,
    DatabaseConfig database,
    VaultConfig vault,
    AuthConfig auth,
    ConnectorsConfig connectors,
    RefreshConfig refresh,
    WebhooksConfig webhooks,
    LimitsConfig limits,
    OAuthConfig oauth,
    ConnectConfig connect,
    ServerConfig server,
    ClusterConfig cluster,
    AuditConfig audit,
    EventsConfig events,
    ProxyConfig proxy) {
}
