package dev.conduit.http;

import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a deposit's attributes, already checked against the contract's types and lengths, into a credential
 * of its kind: the attributes each kind needs must be there, and those of other kinds must not.
 */
final class CredentialParser {

  private static final String POINTER = "/data/attributes/";
  private static final Map<CredentialKind, Set<String>> ALLOWED = Map.of(
      CredentialKind.OAUTH2, Set.of("kind", "accessToken", "refreshToken", "expiresAt", "expiresIn", "scopes",
          "tokenType"),
      CredentialKind.API_KEY, Set.of("kind", "apiKey", "apiSecret"),
      CredentialKind.BASIC, Set.of("kind", "username", "password"));

  private final Clock clock;

  CredentialParser(Clock clock) {
    this.clock = clock;
  }

  CredentialInput parse(JsonObject attributes) {
    CredentialKind kind = CredentialKind.fromWireName(attributes.getString("kind"));
    for (String name : attributes.fieldNames()) {
      if (!ALLOWED.get(kind).contains(name)) {
        throw invalid(name, name + " is not an attribute of " + kind.wireName() + " credentials.");
      }
    }
    return switch (kind) {
      case OAUTH2 -> new CredentialInput.OAuthTokens(required(attributes, "accessToken"),
          attributes.getString("refreshToken"), expiresAt(attributes), scopes(attributes.getJsonArray("scopes")),
          attributes.getString("tokenType", "Bearer"));
      case API_KEY -> new CredentialInput.ApiKey(required(attributes, "apiKey"), attributes.getString("apiSecret"));
      case BASIC -> new CredentialInput.Basic(required(attributes, "username"), required(attributes, "password"));
    };
  }

  private Instant expiresAt(JsonObject attributes) {
    String at = attributes.getString("expiresAt");
    Number in = attributes.getNumber("expiresIn");
    if (at != null && in != null) {
      throw invalid("expiresIn", "Give expiresAt or expiresIn, not both.");
    }
    if (in != null) {
      return clock.instant().plusSeconds(in.longValue());
    }
    if (at == null) {
      return null;
    }
    try {
      return Timestamps.parse(at);
    } catch (IllegalArgumentException e) {
      throw invalid("expiresAt", "expiresAt must be an RFC 3339 date-time with an offset, such as "
          + "2026-11-22T11:00:00Z or 2026-11-22T13:00:00+02:00.");
    }
  }

  private static List<String> scopes(JsonArray scopes) {
    return scopes == null ? List.of() : scopes.stream().map(String.class::cast).toList();
  }

  private static String required(JsonObject attributes, String name) {
    String value = attributes.getString(name);
    if (value == null) {
      throw invalid(name, name + " is required.");
    }
    return value;
  }

  private static ConduitException invalid(String attribute, String detail) {
    return new ConduitException(ErrorCode.VALIDATION_FAILED, detail, POINTER + attribute);
  }
}
