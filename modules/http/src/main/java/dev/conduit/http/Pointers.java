package dev.conduit.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/** JSON pointers (RFC 6901) into decoded JSON values. */
final class Pointers {

  private Pointers() {
  }

  /** The value at {@code pointer} ({@code ""} is the whole value), or null when there is none. */
  static Object valueAt(Object value, String pointer) {
    if (pointer == null || pointer.isEmpty()) {
      return value;
    }
    Object node = value;
    for (String token : pointer.substring(1).split("/", -1)) {
      String name = unescape(token);
      if (node instanceof JsonObject object) {
        node = object.getValue(name);
      } else if (node instanceof JsonArray array && isIndex(name) && Integer.parseInt(name) < array.size()) {
        node = array.getValue(Integer.parseInt(name));
      } else {
        return null;
      }
    }
    return node;
  }

  static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }

  static String unescape(String token) {
    return token.replace("~1", "/").replace("~0", "~");
  }

  static boolean isIndex(String token) {
    return !token.isEmpty() && token.length() < 10 && token.chars().allMatch(c -> c >= '0' && c <= '9');
  }
}
