package dev.conduit.refresh;

import dev.conduit.core.catalog.ClientAuth;
import dev.conduit.core.catalog.ClientCredentials;
import io.vertx.ext.web.client.HttpRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Puts the OAuth client's credentials on a token-endpoint request the way the connector asks for. For HTTP
 * Basic, id and secret are form-urlencoded before base64 (RFC 6749 §2.3.1), which matters for secrets with
 * {@code :}, {@code +} or {@code %} in them.
 */
final class ClientAuthentication {

  private ClientAuthentication() {
  }

  /** Adds the client to the request's headers or to its body parameters. */
  static void apply(ClientAuth method, ClientCredentials client, HttpRequest<?> request, Map<String, String> body) {
    switch (method) {
      case CLIENT_SECRET_BASIC -> request.putHeader("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          (encode(client.clientId()) + ":" + encode(client.clientSecret())).getBytes(StandardCharsets.US_ASCII)));
      case CLIENT_SECRET_POST -> {
        body.put("client_id", client.clientId());
        body.put("client_secret", client.clientSecret());
      }
      case NONE -> body.put("client_id", client.clientId());
    }
  }

  private static String encode(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }
}
