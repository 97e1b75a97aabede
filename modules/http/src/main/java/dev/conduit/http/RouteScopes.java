package dev.conduit.http;

import static dev.conduit.core.apikey.ApiKeyScope.AUDIT_READ;
import static dev.conduit.core.apikey.ApiKeyScope.CONNECTIONS_READ;
import static dev.conduit.core.apikey.ApiKeyScope.CONNECTIONS_WRITE;
import static dev.conduit.core.apikey.ApiKeyScope.CREDENTIALS_VEND;
import static dev.conduit.core.apikey.ApiKeyScope.EVENTS_READ;
import static dev.conduit.core.apikey.ApiKeyScope.WEBHOOKS_MANAGE;
import static java.util.Map.entry;

import dev.conduit.core.apikey.ApiKeyScope;
import dev.conduit.http.auth.Caller;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What each owner-scoped route lets an API key do: the one table of API.md's scopes, keyed by method and path
 * template (parameter names do not matter: {@code {id}} and {@code {connectionId}} are alike). Every secured
 * operation must be here — the server does not start with one that is not, and a test walks the OpenAPI document
 * — so a new route cannot slip out without a scope. A JWT caller holds every scope; managing API keys needs a JWT.
 */
public final class RouteScopes {

  /** What a route asks of its caller. */
  public sealed interface Access {
    /** Fails the request unless the caller may make it. */
    void check(Caller caller);
  }

  /** An API key must hold {@code scope}. */
  public record Scoped(ApiKeyScope scope) implements Access {
    @Override
    public void check(Caller caller) {
      if (!caller.holds(scope)) {
        throw InsufficientScope.lacking(scope);
      }
    }
  }

  /** Only a JWT will do: keys cannot manage keys, or a leaked key could mint itself successors. */
  public record JwtOnly() implements Access {
    @Override
    public void check(Caller caller) {
      if (caller.apiKey()) {
        throw InsufficientScope.jwtOnly();
      }
    }
  }

  private static final Map<String, Access> BY_ROUTE = Map.ofEntries(
      entry("GET /api/connections", new Scoped(CONNECTIONS_READ)),
      entry("GET /api/connections/{}", new Scoped(CONNECTIONS_READ)),
      entry("POST /api/connections", new Scoped(CONNECTIONS_WRITE)),
      entry("PATCH /api/connections/{}", new Scoped(CONNECTIONS_WRITE)),
      entry("DELETE /api/connections/{}", new Scoped(CONNECTIONS_WRITE)),
      entry("PUT /api/connections/{}/credential", new Scoped(CONNECTIONS_WRITE)),
      entry("POST /api/connections/{}/revoke", new Scoped(CONNECTIONS_WRITE)),
      entry("POST /api/connections/{}/authorize", new Scoped(CONNECTIONS_WRITE)),
      entry("POST /api/connect-sessions", new Scoped(CONNECTIONS_WRITE)),
      entry("POST /api/connections/{}/vend", new Scoped(CREDENTIALS_VEND)),
      entry("POST /api/webhooks", new Scoped(WEBHOOKS_MANAGE)),
      entry("GET /api/webhooks", new Scoped(WEBHOOKS_MANAGE)),
      entry("GET /api/webhooks/{}", new Scoped(WEBHOOKS_MANAGE)),
      entry("PATCH /api/webhooks/{}", new Scoped(WEBHOOKS_MANAGE)),
      entry("DELETE /api/webhooks/{}", new Scoped(WEBHOOKS_MANAGE)),
      entry("POST /api/webhooks/{}/test", new Scoped(WEBHOOKS_MANAGE)),
      entry("POST /api/webhooks/{}/rotate-secret", new Scoped(WEBHOOKS_MANAGE)),
      entry("GET /api/webhooks/{}/deliveries", new Scoped(WEBHOOKS_MANAGE)),
      entry("POST /api/webhooks/{}/deliveries/{}/redeliver", new Scoped(WEBHOOKS_MANAGE)),
      entry("GET /api/events", new Scoped(EVENTS_READ)),
      entry("GET /api/events/stream", new Scoped(EVENTS_READ)),
      entry("GET /api/audit-events", new Scoped(AUDIT_READ)),
      entry("POST /api/api-keys", new JwtOnly()),
      entry("GET /api/api-keys", new JwtOnly()),
      entry("GET /api/api-keys/{}", new JwtOnly()),
      entry("DELETE /api/api-keys/{}", new JwtOnly()));
  /** The proxy: every method, every path below it. */
  private static final String PROXY = "/api/connections/{}/proxy/";
  private static final Access PROXY_ACCESS = new Scoped(CREDENTIALS_VEND);

  private RouteScopes() {
  }

  /** What the route needs, or empty when the table does not know it. */
  public static Optional<Access> of(String method, String pathTemplate) {
    String path = pathTemplate.replaceAll("\\{[^}]*}", "{}");
    if (path.startsWith(PROXY)) {
      return Optional.of(PROXY_ACCESS);
    }
    return Optional.ofNullable(BY_ROUTE.get(method.toUpperCase(Locale.ROOT) + " " + path));
  }

  /** What the route needs; a secured route missing from the table is a bug that must not start. */
  static Access required(String method, String pathTemplate) {
    return of(method, pathTemplate).orElseThrow(() -> new IllegalStateException(
        method + " " + pathTemplate + " is secured but has no entry in RouteScopes: give it the scope an API key needs"));
  }

  /** Every entry (not the proxy's), for tests that walk the table. */
  public static Map<String, Access> table() {
    return BY_ROUTE;
  }
}
