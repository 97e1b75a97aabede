package dev.conduit.http;

/**
 * The {@code WWW-Authenticate} value of a {@code 401}: {@code Bearer error="invalid_token",
 * error_description="<reason>"} (RFC 6750 section 3), as API.md says for every refused request — one without any
 * credentials too, where RFC 6750 only advises leaving the error out: one shape for every 401 is easier on clients.
 */
final class BearerChallenge {

  private BearerChallenge() {
  }

  static String invalidToken(String reason) {
    return "Bearer error=\"invalid_token\", error_description=\"" + quotable(reason) + "\"";
  }

  /** RFC 6750 allows %x20-21 / %x23-5B / %x5D-7E in an error description: no quote, no backslash, no control. */
  private static String quotable(String reason) {
    StringBuilder out = new StringBuilder(reason == null ? 0 : reason.length());
    if (reason != null) {
      for (int i = 0; i < reason.length(); i++) {
        char c = reason.charAt(i);
        out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
      }
    }
    return out.toString();
  }
}
