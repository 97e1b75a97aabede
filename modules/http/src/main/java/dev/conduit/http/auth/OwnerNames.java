package dev.conduit.http.auth;

/**
 * Which owner names a token may carry. An owner is stored as text, shown in logs and compared byte for byte, so
 * it holds no control character (NUL cannot be stored in PostgreSQL text; line breaks have no place in a name)
 * and no lone UTF-16 surrogate (UTF-8 cannot encode one: it would be stored as {@code ?} and name another owner).
 */
final class OwnerNames {

  private OwnerNames() {
  }

  static boolean storable(String name) {
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029') {
        return false;
      }
      if (Character.isHighSurrogate(c) && i + 1 < name.length() && Character.isLowSurrogate(name.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        return false;
      }
    }
    return true;
  }
}
