package dev.conduit.app.logging;

/**
 * Escapes text for a one-line log event. Log values come from requests (an owner claim, a path, a label), so a
 * value holding a line break could forge a whole log line, and one holding a quote could forge a key=value pair:
 * line breaks and every other control character become visible escapes, and inside quoted values so do the quote
 * and the backslash that would otherwise make the escapes ambiguous.
 */
final class LogEscaping {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private LogEscaping() {
  }

  /** A message: control characters and Unicode line separators escaped, everything else as it is. */
  static String message(String text) {
    return escape(text, false);
  }

  /** A value written between double quotes: also the quote and the backslash escaped. */
  static String quoted(String text) {
    return escape(text, true);
  }

  private static String escape(String text, boolean quoted) {
    if (text == null) {
      return "null";
    }
    int first = firstToEscape(text, quoted);
    if (first < 0) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
    for (int i = first; i < text.length(); i++) {
      char c = text.charAt(i);
      if (!needsEscape(c, quoted)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else {
        out.append("\\u").append(HEX[c >> 12 & 0xF]).append(HEX[c >> 8 & 0xF]).append(HEX[c >> 4 & 0xF])
            .append(HEX[c & 0xF]);
      }
    }
    return out.toString();
  }

  private static int firstToEscape(String text, boolean quoted) {
    for (int i = 0; i < text.length(); i++) {
      if (needsEscape(text.charAt(i), quoted)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean needsEscape(char c, boolean quoted) {
    return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == '\u2028' || c == '\u2029'
        || (quoted && (c == '"' || c == '\\'));
  }
}
