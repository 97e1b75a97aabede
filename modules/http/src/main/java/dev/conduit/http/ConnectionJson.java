package dev.conduit.http;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.connection.CredentialSummary;
import dev.conduit.core.connection.VendedSecret;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** JSON:API resource objects for connections and vended secrets. */
final class ConnectionJson {

  private static final JsonFactory JSON = new JsonFactory();

  private ConnectionJson() {
  }

  static String selfLink(Connection connection) {
    return "/api/connections/" + connection.id();
  }

  static JsonObject resource(Connection connection) {
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

  /**
   * The secret document, written straight to bytes: this is the hot path's response, and the generic
   * map-to-JSON route costs several times as much. Only the live material of the secret's kind; never a
   * refresh token.
   */
  static Buffer secretDocument(VendedSecret secret) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("data");
      json.writeStringField("type", "secrets");
      json.writeStringField("id", secret.connectionId().toString());
      json.writeObjectFieldStart("attributes");
      json.writeStringField("kind", secret.kind().wireName());
      switch (secret.kind()) {
        case OAUTH2 -> {
          json.writeStringField("accessToken", secret.accessToken());
          json.writeStringField("tokenType", secret.tokenType() == null ? "Bearer" : secret.tokenType());
          json.writeStringField("expiresAt", Timestamps.format(secret.expiresAt()));
          json.writeArrayFieldStart("scopes");
          for (String scope : secret.scopes()) {
            json.writeString(scope);
          }
          json.writeEndArray();
        }
        case API_KEY -> {
          json.writeStringField("apiKey", secret.apiKey());
          json.writeStringField("apiSecret", secret.apiSecret());
        }
        case BASIC -> {
          json.writeStringField("username", secret.username());
          json.writeStringField("password", secret.password());
        }
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }
}
