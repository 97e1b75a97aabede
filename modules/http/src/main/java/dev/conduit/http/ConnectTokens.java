package dev.conduit.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Connect-session tokens: 256 random bits, base64url, so a link cannot be guessed; stored only as their SHA-256, so
 * the database never holds a working link. A plain hash suffices: the token has far more entropy than a password.
 */
final class ConnectTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private ConnectTokens() {
  }

  static String generate() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }

  static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** A request path fit for a log line: a connect page's token (which opens the page) replaced by its name. */
  static String redacted(String path) {
    return path == null ? null : path.replaceFirst("^/connect/[^/]+", "/connect/{token}");
  }
}
