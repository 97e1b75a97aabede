package dev.conduit.http;

/**
 * Escapes text for HTML element content and double-quoted attribute values. Every value a page shows passes
 * through here: connector names come from operators' files, labels from owners, none of them is trusted markup.
 */
final class Html {

  private Html() {
  }

  static String escape(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
