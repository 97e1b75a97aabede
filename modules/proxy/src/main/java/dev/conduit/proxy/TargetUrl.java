package dev.conduit.proxy;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a proxy call goes: the connector's base URL (placeholders already filled) + {@code /{path}} + the caller's
 * query string. The path is appended as the caller sent it (still percent-encoded), so nothing is decoded and
 * re-encoded differently on the way; it may not climb out of the base URL's path with dot segments, in any
 * encoding, because the base path is part of what the catalog vouches for (e.g. {@code /{account}/api}).
 */
public final class TargetUrl {

  private TargetUrl() {
  }

  /**
   * @param baseUrl  the filled base URL, without a trailing query
   * @param rawPath  the part of the caller's path after {@code /proxy/}, percent-encoded as sent
   * @param rawQuery the caller's query string as sent, or null
   * @throws ConduitException {@code validation_failed} for a path with dot segments
   */
  public static String of(String baseUrl, String rawPath, String rawQuery) {
    for (String segment : rawPath.split("/", -1)) {
      String decoded;
      try {
        decoded = URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException badEscape) {
        throw new ConduitException(ErrorCode.VALIDATION_FAILED, "the provider path holds a malformed %-escape");
      }
      if (decoded.equals(".") || decoded.equals("..") || decoded.contains("/") || decoded.contains("\\")) {
        throw new ConduitException(ErrorCode.VALIDATION_FAILED,
            "the provider path may not hold '.' or '..' segments or encoded slashes: it stays under the API's base URL");
      }
    }
    String base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    String url = base + "/" + rawPath;
    return rawQuery == null || rawQuery.isEmpty() ? url : url + "?" + rawQuery;
  }
}
