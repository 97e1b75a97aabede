package dev.conduit.core.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The SHA-256 and random values the connect flow needs, in one place: opaque tokens (a connect link, an OAuth
 * state, a CSRF value) are 256 random bits in base64url and are stored only as their SHA-256 — a plain hash
 * suffices, since a token has far more entropy than a password; PKCE challenges and CSP hashes are SHA-256 too.
 */
public final class Digests {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int TOKEN_BYTES = 32;

  private Digests() {
  }

  /** A new opaque token: 256 random bits, base64url without padding (43 characters). */
  public static String newToken() {
    byte[] bytes = new byte[TOKEN_BYTES];
    RANDOM.nextBytes(bytes);
    return base64Url(bytes);
  }

  public static byte[] sha256(byte[] input) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(input);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** SHA-256 of the text's UTF-8 bytes: how a token is stored and looked up. */
  public static byte[] sha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8));
  }

  /** A Content-Security-Policy source admitting exactly this inline text: {@code 'sha256-<base64>'}. */
  public static String cspSource(String inlineText) {
    return "'sha256-" + Base64.getEncoder().encodeToString(sha256(inlineText)) + "'";
  }

  public static String base64Url(byte[] bytes) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
