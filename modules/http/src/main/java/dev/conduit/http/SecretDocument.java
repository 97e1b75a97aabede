package dev.conduit.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.conduit.core.connection.VendedSecret;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The vend response, written straight to bytes: this is the hot path's response, and the generic map-to-JSON
 * route costs several times as much. Each kind of secret writes exactly its own material; never a refresh token.
 */
final class SecretDocument {

  private static final JsonFactory JSON = new JsonFactory();

  private SecretDocument() {
  }

  static Buffer of(VendedSecret secret) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      json.writeObjectFieldStart("data");
      json.writeStringField("type", "secrets");
      json.writeStringField("id", secret.connectionId().toString());
      json.writeObjectFieldStart("attributes");
      json.writeStringField("kind", secret.kind().wireName());
      if (secret instanceof VendedSecret.OAuth oauth) {
        writeOAuth(json, oauth);
      } else if (secret instanceof VendedSecret.ApiKey apiKey) {
        json.writeStringField("apiKey", apiKey.apiKey());
        json.writeStringField("apiSecret", apiKey.apiSecret());
      } else {
        VendedSecret.Basic basic = (VendedSecret.Basic) secret;
        json.writeStringField("username", basic.username());
        json.writeStringField("password", basic.password());
      }
      json.writeEndObject();
      json.writeEndObject();
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static void writeOAuth(JsonGenerator json, VendedSecret.OAuth oauth) throws IOException {
    json.writeStringField("accessToken", oauth.accessToken());
    json.writeStringField("tokenType", oauth.tokenType() == null ? "Bearer" : oauth.tokenType());
    json.writeStringField("expiresAt", Timestamps.format(oauth.expiresAt()));
    json.writeArrayFieldStart("scopes");
    for (String scope : oauth.scopes()) {
      json.writeString(scope);
    }
    json.writeEndArray();
  }
}
