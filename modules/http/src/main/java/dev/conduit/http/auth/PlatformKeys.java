package dev.conduit.http.auth;

import dev.conduit.core.crypto.Digests;

/**
 * The form of a platform API key: {@code cdk_} and 43 base64url characters, 256 bits from {@code SecureRandom}.
 * Only {@link #hash} of a key is stored. A plain SHA-256 is right here, unlike for a password: nobody can guess
 * their way through 2^256 possible keys, so a slow, salted hash would add nothing but cost to every uncached
 * request, and an unsalted digest is what lets a key be looked up by its hash.
 */
public final class PlatformKeys {

  /** Tells a key from a JWT at a glance (a JWT always starts with {@code ey}, its header's opening brace). */
  public static final String PREFIX = "cdk_";
  /** How much of a key its owner sees again, to recognise it: the marker and 48 random bits. */
  public static final int SHOWN_PREFIX_LENGTH = 12;
  static final int LENGTH = PREFIX.length() + 43;

  private PlatformKeys() {
  }

  /** A new key, to be shown once to its owner. */
  public static String generate() {
    return PREFIX + Digests.newToken();
  }

  public static String shownPrefix(String key) {
    return key.substring(0, SHOWN_PREFIX_LENGTH);
  }

  public static byte[] hash(String key) {
    return Digests.sha256(key);
  }

  /** Whether the bearer token claims to be a key (rather than a JWT). */
  static boolean claimsToBeKey(String token) {
    return token.startsWith(PREFIX);
  }

  /** {@code cdk_} and exactly 43 base64url characters. */
  static boolean wellFormed(String token) {
    if (token.length() != LENGTH || !claimsToBeKey(token)) {
      return false;
    }
    for (int i = PREFIX.length(); i < token.length(); i++) {
      char c = token.charAt(i);
      if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
        return false;
      }
    }
    return true;
  }
}
