package dev.conduit.http.auth;

import dev.conduit.core.apikey.ApiKeyScope;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who made an authenticated request: the owner it acts for, the name the audit trail gives it, and the scopes it
 * holds. A JWT speaks for its owner in full and holds every scope; an API key holds the scopes it was made with.
 *
 * @param actor the JWT's owner, or {@code api_key:<prefix>}
 */
public record Caller(String owner, String actor, Set<ApiKeyScope> scopes, boolean apiKey) {

  private static final Set<ApiKeyScope> EVERY_SCOPE = Set.copyOf(EnumSet.allOf(ApiKeyScope.class));

  public Caller {
    scopes = Set.copyOf(scopes);
  }

  static Caller withJwt(String owner) {
    return new Caller(owner, owner, EVERY_SCOPE, false);
  }

  static Caller withApiKey(String owner, String prefix, Set<ApiKeyScope> scopes) {
    return new Caller(owner, "api_key:" + prefix, scopes, true);
  }

  public boolean holds(ApiKeyScope scope) {
    return scopes.contains(scope);
  }
}
