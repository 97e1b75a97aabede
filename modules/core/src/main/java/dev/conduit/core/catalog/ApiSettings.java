package dev.conduit.core.catalog;

/**
 * The provider's HTTP API as the proxy calls it.
 *
 * @param baseUrl where {@code /{path}} is appended; may hold declared {@code {placeholders}} filled from the
 *                connection's metadata (see {@link ApiBaseUrl})
 * @param auth    how the credential goes on the call; null in the file means the connector's default
 *                ({@link #defaultFor})
 */
public record ApiSettings(String baseUrl, ApiAuth auth) {

  /** Bearer for OAuth tokens, basic for username and password; an API key's place must be said. */
  static ApiAuth defaultFor(AuthType authType) {
    return switch (authType) {
      case OAUTH2 -> new ApiAuth.Bearer();
      case BASIC -> new ApiAuth.Basic();
      case API_KEY -> null;
    };
  }
}
