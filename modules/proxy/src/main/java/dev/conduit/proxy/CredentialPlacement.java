package dev.conduit.proxy;

import dev.conduit.core.catalog.ApiAuth;
import dev.conduit.core.connection.VendedSecret;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Puts a connection's credential on a provider call as its connector's {@code api.auth} says. Whatever the caller
 * sent under the same header or query parameter is replaced, never sent beside it: the provider must see exactly
 * one credential, Conduit's.
 */
final class CredentialPlacement {

  private CredentialPlacement() {
  }

  /**
   * Sets the credential header on {@code headers}, or returns {@code url} with the credential as its query
   * parameter; otherwise returns {@code url} unchanged.
   */
  static String apply(ApiAuth auth, VendedSecret secret, MultiMap headers, String url) {
    if (auth instanceof ApiAuth.Query query) {
      return withParameter(url, query.name(), material(secret));
    }
    if (auth instanceof ApiAuth.Header header) {
      headers.set(header.name(), material(secret));
    } else if (auth instanceof ApiAuth.Basic) {
      headers.set("Authorization", "Basic " + basic(secret));
    } else {
      headers.set("Authorization", "Bearer " + material(secret));
    }
    return url;
  }

  /** The one string a bearer, header or query credential carries: the access token or the API key. */
  private static String material(VendedSecret secret) {
    if (secret instanceof VendedSecret.OAuth oauth) {
      return oauth.accessToken();
    }
    if (secret instanceof VendedSecret.ApiKey key) {
      return key.apiKey();
    }
    // the catalog refuses basic connectors with any other api.auth, so this is a broken invariant
    throw new IllegalStateException("a " + secret.kind() + " credential goes only into basic auth");
  }

  private static String basic(VendedSecret secret) {
    if (!(secret instanceof VendedSecret.Basic basic)) {
      throw new IllegalStateException("basic auth needs a username and password, got " + secret.kind());
    }
    String pair = basic.username() + ":" + basic.password();
    return Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code url} without any {@code name} parameter the caller sent, and with {@code name=value} added. */
  private static String withParameter(String url, String name, String value) {
    int question = url.indexOf('?');
    StringBuilder kept = new StringBuilder(question < 0 ? url : url.substring(0, question)).append('?');
    if (question >= 0) {
      for (String pair : url.substring(question + 1).split("&")) {
        String key = pair.contains("=") ? pair.substring(0, pair.indexOf('=')) : pair;
        if (!pair.isEmpty() && !key.equals(name)) {
          kept.append(pair).append('&');
        }
      }
    }
    return kept.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8)).toString();
  }
}
