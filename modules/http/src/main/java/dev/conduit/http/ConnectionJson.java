package dev.conduit.http;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.connection.CredentialSummary;
import dev.conduit.core.connection.VendedSecret;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON:API resource objects for connections and vended secrets. */
final class ConnectionJson {

  private ConnectionJson() {
  }

  static String selfLink(Connection connection) {
    return "/api/connections/" + connection.id();
  }

  static JsonObject resource(Connection connection) {
    JsonObject attributes = new JsonObject()
        .put("connector", connection.connector())
        .put("label", connection.label())
        .put("metadata", connection.metadata())
        .put("status", connection.status().wireName())
        .put("credential", credential(connection.credential()))
        .put("createdAt", Timestamps.format(connection.createdAt()))
        .put("updatedAt", Timestamps.format(connection.updatedAt()));
    return JsonApi.resource("connections", connection.id().toString(), attributes, selfLink(connection));
  }

  private static JsonObject credential(CredentialSummary credential) {
    if (credential == null) {
      return null;
    }
    JsonObject json = new JsonObject().put("kind", credential.kind().wireName());
    if (credential.kind() == CredentialKind.OAUTH2) {
      json.put("expiresAt", Timestamps.format(credential.expiresAt()))
          .put("scopes", new JsonArray(credential.scopes()))
          .put("lastRefreshedAt", Timestamps.format(credential.lastRefreshedAt()));
    }
    return json;
  }

  /** The secret document's resource: the live material of one kind, never a refresh token. */
  static JsonObject secret(VendedSecret secret) {
    JsonObject attributes = new JsonObject().put("kind", secret.kind().wireName());
    switch (secret.kind()) {
      case OAUTH2 -> attributes
          .put("accessToken", secret.accessToken())
          .put("tokenType", secret.tokenType() == null ? "Bearer" : secret.tokenType())
          .put("expiresAt", Timestamps.format(secret.expiresAt()))
          .put("scopes", new JsonArray(secret.scopes()));
      case API_KEY -> attributes
          .put("apiKey", secret.apiKey())
          .put("apiSecret", secret.apiSecret());
      case BASIC -> attributes
          .put("username", secret.username())
          .put("password", secret.password());
    }
    return new JsonObject()
        .put("type", "secrets")
        .put("id", secret.connectionId().toString())
        .put("attributes", attributes);
  }
}
