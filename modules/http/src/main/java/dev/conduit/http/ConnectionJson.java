package dev.conduit.http;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.connection.CredentialSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON:API resource objects for connections (the vend response is {@link SecretDocument}). */
final class ConnectionJson {

  private ConnectionJson() {
  }

  static String selfLink(Connection connection) {
    return "/api/connections/" + connection.id();
  }

  static JsonObject resource(Connection connection) {
    return resource(connection, null);
  }

  /**
   * The resource, and for a deposit whose refresh token cannot be used here, {@code refreshNotice}: why, in
   * {@code meta.refresh.notConfigured} (null: nothing to say).
   */
  static JsonObject resource(Connection connection, String refreshNotice) {
    JsonObject attributes = new JsonObject()
        .put("connector", connection.connector())
        .put("label", connection.label())
        .put("metadata", connection.metadata().toJson())
        .put("status", connection.status().wireName())
        .put("credential", credential(connection.credential()))
        .put("createdAt", Timestamps.format(connection.createdAt()))
        .put("updatedAt", Timestamps.format(connection.updatedAt()));
    JsonObject resource = JsonApi.resource("connections", connection.id().toString(), attributes,
        selfLink(connection));
    JsonObject meta = meta(connection);
    if (refreshNotice != null && meta.getJsonObject("refresh") != null) {
      meta.getJsonObject("refresh").put("notConfigured", refreshNotice);
    }
    if (!meta.isEmpty()) {
      resource.put("meta", meta);
    }
    return resource;
  }

  /** JSON:API meta: why the status is what it is, and how refreshing is going. Never secret material. */
  private static JsonObject meta(Connection connection) {
    JsonObject meta = new JsonObject();
    if (connection.statusReason() != null) {
      meta.put("statusReason", connection.statusReason());
    }
    CredentialSummary credential = connection.credential();
    if (credential != null && credential.kind() == CredentialKind.OAUTH2) {
      meta.put("refresh", new JsonObject()
          .put("nextAttemptAt", Timestamps.format(credential.nextRefreshAt()))
          .put("failureCount", credential.failureCount())
          .put("lastError", credential.lastError()));
    }
    return meta;
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
}
