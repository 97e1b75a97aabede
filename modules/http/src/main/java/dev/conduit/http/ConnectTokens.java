package dev.conduit.http;

/**
 * Connect-session tokens in paths: a link's token opens its page, so it never reaches a log line. (Tokens are made and
 * hashed by {@link dev.conduit.core.crypto.Digests}.)
 */
final class ConnectTokens {

  private ConnectTokens() {
  }

  /** A request path fit for a log line: a connect page's token (which opens the page) replaced by its name. */
  static String redacted(String path) {
    return path == null ? null : path.replaceFirst("^/connect/[^/]+", "/connect/{token}");
  }
}
