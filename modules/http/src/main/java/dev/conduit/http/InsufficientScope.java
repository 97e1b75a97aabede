package dev.conduit.http;

import dev.conduit.core.apikey.ApiKeyScope;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;

/**
 * A {@code 403 insufficient_scope}: an API key without the scope an operation needs, or an API key where only a JWT
 * will do. Carries what the {@code WWW-Authenticate} challenge of RFC 6750 section 3.1 names.
 */
final class InsufficientScope extends ConduitException {

  /** The scope the operation needs, or null when no scope would do (managing API keys). */
  private final ApiKeyScope scope;

  private InsufficientScope(String detail, ApiKeyScope scope) {
    super(ErrorCode.INSUFFICIENT_SCOPE, detail);
    this.scope = scope;
  }

  static InsufficientScope lacking(ApiKeyScope scope) {
    return new InsufficientScope("this API key lacks the scope " + scope.wireName()
        + " that this operation needs; create a key with it, or call with a JWT", scope);
  }

  static InsufficientScope jwtOnly() {
    return new InsufficientScope("managing API keys needs a JWT: an API key cannot create, list, read or delete "
        + "API keys, whatever its scopes", null);
  }

  /** {@code Bearer error="insufficient_scope", scope="<scope>"}, or with the reason when no scope would do. */
  String challenge() {
    return scope == null
        ? "Bearer error=\"insufficient_scope\", error_description=\"managing API keys needs a JWT\""
        : "Bearer error=\"insufficient_scope\", scope=\"" + scope.wireName() + "\"";
  }
}
