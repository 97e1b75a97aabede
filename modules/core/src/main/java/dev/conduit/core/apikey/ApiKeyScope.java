package dev.conduit.core.apikey;

import dev.conduit.core.json.WireNamed;

/**
 * What a platform API key may do: the closed set of scopes of API.md. A caller with a JWT holds every scope; a key
 * holds those it was created with, and each owner-scoped operation needs exactly one of them.
 */
public enum ApiKeyScope implements WireNamed {
  CONNECTIONS_READ("connections:read"),
  /** Create, PATCH, deposit, revoke, delete and authorize connections; create connect sessions. */
  CONNECTIONS_WRITE("connections:write"),
  /** Vend a connection's secret, and call the provider through the proxy. */
  CREDENTIALS_VEND("credentials:vend"),
  WEBHOOKS_MANAGE("webhooks:manage"),
  EVENTS_READ("events:read"),
  AUDIT_READ("audit:read");

  private final String wireName;

  ApiKeyScope(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The scope named {@code name}, or null. */
  public static ApiKeyScope fromWireName(String name) {
    return WireNamed.fromWireName(ApiKeyScope.class, name);
  }
}
