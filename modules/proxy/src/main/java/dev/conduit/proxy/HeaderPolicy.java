package dev.conduit.proxy;

import io.vertx.core.MultiMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which headers cross the proxy (API.md, "Proxy"). On the way in, the caller's credentials for Conduit
 * ({@code Authorization}, {@code Cookie}) must never reach the provider, and what describes the hop to Conduit
 * ({@code Host}, {@code Forwarded}, {@code X-Forwarded-*}, hop-by-hop headers) is not the provider's business. On
 * the way out, the provider's cookies would be set on Conduit's origin, and hop-by-hop headers describe the
 * provider's connection, not the caller's.
 */
public final class HeaderPolicy {

  /** RFC 9110 §7.6.1 and the older names still sent (Keep-Alive, Proxy-Connection). */
  private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
      "proxy-authenticate", "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade");
  private static final Set<String> INBOUND_ONLY = Set.of("authorization", "cookie", "host", "forwarded",
      // Conduit answers the caller's 100-continue itself; the provider is sent the body without waiting
      "expect");
  private static final Set<String> OUTBOUND_ONLY = Set.of("set-cookie", "set-cookie2");

  private HeaderPolicy() {
  }

  /** Copies the caller's headers that may go to the provider into {@code to}. */
  public static void copyRequestHeaders(MultiMap from, MultiMap to) {
    Set<String> named = namedInConnection(from);
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(name) && !INBOUND_ONLY.contains(name) && !name.startsWith("x-forwarded-")
          && !named.contains(name)) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }

  /** Copies the provider's headers that may go back to the caller into {@code to}. */
  public static void copyResponseHeaders(MultiMap from, MultiMap to) {
    Set<String> named = namedInConnection(from);
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_BY_HOP.contains(name) && !OUTBOUND_ONLY.contains(name) && !named.contains(name)) {
        to.add(header.getKey(), header.getValue());
      }
    }
  }

  /** The headers a {@code Connection} header declares hop-by-hop (RFC 9110 §7.6.1), lower-cased. */
  private static Set<String> namedInConnection(MultiMap headers) {
    Set<String> named = new HashSet<>();
    for (String value : headers.getAll("connection")) {
      for (String token : value.split(",")) {
        String name = token.strip().toLowerCase(Locale.ROOT);
        if (!name.isEmpty()) {
          named.add(name);
        }
      }
    }
    return named;
  }
}
