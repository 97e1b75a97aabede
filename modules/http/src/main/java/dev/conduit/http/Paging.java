package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.Cursor;
import dev.conduit.store.Page;
import dev.conduit.store.PageRequest;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Cursor paging of the listings, in one place: {@code page[size]} and {@code page[cursor]} in, {@code links.self}
 * and {@code links.next} out. Cursors are opaque to clients: only one handed out in {@code links.next} is
 * accepted back.
 */
final class Paging {

  static final String SIZE = "page[size]";
  static final String CURSOR = "page[cursor]";
  private static final int DEFAULT_SIZE = 50;

  private Paging() {
  }

  /**
   * The page a query asks for (the contract has already checked {@code page[size]}'s range).
   *
   * @throws ConduitException 400 naming {@code page[cursor]} when it is not one of ours
   */
  static PageRequest request(MultiMap query) {
    String cursorText = query.get(CURSOR);
    Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText);
    if (cursorText != null && cursor == null) {
      throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED, "not a cursor from links.next", CURSOR);
    }
    String size = query.get(SIZE);
    return new PageRequest(cursor, size == null ? DEFAULT_SIZE : Integer.parseInt(size));
  }

  /**
   * {@code self} (this page, with the cursor asked with) and, unless this is the last page, {@code next}: each is
   * {@code path} with {@code parameters} (in their order) and the page's cursor.
   */
  static JsonObject links(String path, Map<String, String> parameters, MultiMap query, Page<?> page) {
    JsonObject links = new JsonObject().put("self", link(path, parameters, query.get(CURSOR)));
    if (page.nextCursor() != null) {
      links.put("next", link(path, parameters, page.nextCursor()));
    }
    return links;
  }

  private static String link(String path, Map<String, String> parameters, String cursor) {
    StringBuilder link = new StringBuilder(path);
    char separator = '?';
    for (Map.Entry<String, String> parameter : parameters.entrySet()) {
      link.append(separator).append(encode(parameter.getKey())).append('=').append(encode(parameter.getValue()));
      separator = '&';
    }
    if (cursor != null) {
      link.append(separator).append(encode(CURSOR)).append('=').append(encode(cursor));
    }
    return link.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
