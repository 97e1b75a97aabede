package dev.conduit.http;

import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.config.AuditConfig;
import dev.conduit.core.config.AuthConfig;
import dev.conduit.core.config.ConnectConfig;
import dev.conduit.core.config.EventsConfig;
import dev.conduit.core.config.HttpConfig;
import dev.conduit.core.config.LimitsConfig;
import dev.conduit.core.config.OAuthConfig;
import dev.conduit.core.config.ProxyConfig;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.store.DatabaseUrl;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.openapi.contract.OpenAPIContract;

/**
 * What the HttpVerticle needs, prepared before deployment.
 *
 * @param auth          how callers' JWTs are verified (in the development setup, with the generated secret)
 * @param clients       the OAuth clients without their secrets: HTTP builds authorize URLs, it never exchanges codes
 * @param refresh       how long a refresh on read may take: the vend flow waits that long for one
 * @param contract      the resolved OpenAPI contract, shared read-only by every instance
 * @param schemaVersion the schema version this build migrated to (readiness compares the database against it)
 * @param connections   the open client connections of all instances together, against http.max-connections
 * @param limits        how many connections one owner may create
 * @param oauth         where a browser may be sent after connecting an account
 * @param connect       connect sessions: how long their links work
 * @param drain         the stop sequence's view of every instance: readiness turns 503, then the listeners close
 * @param audit         whether what callers do is recorded in the audit trail
 * @param events        the events API: heartbeats of its streams
 * @param streams       the event streams open on this replica, per owner, shared by every instance
 * @param proxy         the provider API proxy's limits and timeouts
 */
public record HttpDependencies(
    HttpConfig http,
    AuthConfig auth,
    DatabaseUrl database,
    int poolSize,
    Catalog catalog,
    ClientRegistry clients,
    RefreshConfig refresh,
    OpenApiDocument openApi,
    OpenAPIContract contract,
    String schemaVersion,
    PrometheusMeterRegistry metrics,
    OpenConnections connections,
    LimitsConfig limits,
    OAuthConfig oauth,
    ConnectConfig connect,
    HttpDrain drain,
    AuditConfig audit,
    EventsConfig events,
    OpenStreams streams,
    ProxyConfig proxy) {
}
