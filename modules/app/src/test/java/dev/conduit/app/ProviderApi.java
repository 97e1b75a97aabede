package dev.conduit.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's HTTP API on loopback, a real HTTP server, for the proxy's tests. It records every call (method,
 * path, query, headers, body size) and answers by path:
 * <ul>
 *   <li>{@code /download/<bytes>}: that many bytes, chunked, written as they are produced (never held whole);</li>
 *   <li>{@code /upload}: reads the body as it comes and answers how many bytes it got;</li>
 *   <li>{@code /only-fresh}: 401 unless the bearer token is not {@code stale};</li>
 *   <li>{@code /throttled-once}: 429 with {@code Retry-After: 1} to the first call of each method, then 200;</li>
 *   <li>{@code /slow}: answers after 20 s;</li>
 *   <li>{@code /trickle}: answers its head at once, then one byte of body every 500 ms for a minute;</li>
 *   <li>anything else: 200 with a JSON echo of what it got, a cookie and hop-by-hop headers.</li>
 * </ul>
 */
final class ProviderApi implements AutoCloseable {

  record Call(String method, String path, String query, Map<String, List<String>> headers, long bodyBytes,
      String body, Instant at) {

    String header(String name) {
      List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
      return values == null ? null : values.get(0);
    }
  }

  private final HttpServer server;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final Map<String, AtomicInteger> throttledOnce = new ConcurrentHashMap<>();
  /** Released when this provider closes: until then {@code /slow} keeps its caller waiting for an answer. */
  private final CountDownLatch closing = new CountDownLatch(1);

  ProviderApi() {
    try {
      // a deep accept queue: the ceiling test opens hundreds of connections at once, and a refused one would be
      // a permit spent without reaching the provider
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::answer);
    server.start();
  }

  String baseUrl() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  List<Call> calls(String path) {
    return calls().stream().filter(call -> call.path().equals(path)).toList();
  }

  void reset() {
    calls.clear();
    throttledOnce.clear();
  }

  /** A connector file whose api block points here ({@code baseUrl} relative to this server, may hold placeholders). */
  static void writeConnector(Path dir, String id, String authType, String apiAuth, String baseUrl, int limit,
      int periodSeconds, String extra) {
    try {
      Files.writeString(dir.resolve(id + ".yaml"), """
          id: %s
          name: %s
          authType: %s
          docsUrl: https://docs.example.com
          %s
          api:
            baseUrl: %s
            auth: "%s"
          rateLimit:
            limit: %d
            periodSeconds: %d
            source: https://docs.example.com/limits
          """.formatted(id, id, authType, extra, baseUrl, apiAuth, limit, periodSeconds));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getRawPath();
      Map<String, List<String>> headers = new TreeMap<>();
      exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values));
      long bytes = 0;
      StringBuilder text = new StringBuilder();
      byte[] chunk = new byte[65_536];
      try (InputStream body = exchange.getRequestBody()) {
        for (int n; (n = body.read(chunk)) > 0; ) {
          bytes += n;
          if (text.length() < 10_000) {
            text.append(new String(chunk, 0, n, StandardCharsets.UTF_8));
          }
        }
      }
      Call call = new Call(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(), headers, bytes,
          text.toString(), Instant.now());
      calls.add(call);
      if (path.startsWith("/download/")) {
        download(exchange, Long.parseLong(path.substring("/download/".length())));
      } else if (path.equals("/upload")) {
        json(exchange, 200, new JsonObject().put("bytes", bytes));
      } else if (path.equals("/only-fresh")) {
        boolean stale = "Bearer stale".equals(call.header("authorization"));
        json(exchange, stale ? 401 : 200, new JsonObject().put("token", stale ? "refused" : "accepted"));
      } else if (path.equals("/throttled-once")) {
        if (throttledOnce.computeIfAbsent(call.method(), m -> new AtomicInteger()).getAndIncrement() == 0) {
          exchange.getResponseHeaders().add("Retry-After", "1");
          json(exchange, 429, new JsonObject().put("error", "slow down"));
        } else {
          json(exchange, 200, new JsonObject().put("after", "retry"));
        }
      } else if (path.equals("/trickle")) {
        trickle(exchange);
      } else if (path.equals("/slow")) {
        try {
          // silent until the test is done with it (bounded, so a forgotten close cannot hang a thread for ever)
          closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        json(exchange, 200, new JsonObject());
      } else {
        exchange.getResponseHeaders().add("Set-Cookie", "provider-session=abc; Path=/");
        exchange.getResponseHeaders().add("X-Provider", "echo");
        exchange.getResponseHeaders().add("Connection", "X-Hop");
        exchange.getResponseHeaders().add("X-Hop", "private to this hop");
        JsonObject echo = new JsonObject().put("method", call.method()).put("path", path)
            .put("query", call.query()).put("body", call.body());
        json(exchange, 200, echo);
      }
    }
  }

  /** Never silent for long, done only after a minute: a bound on the whole call should end it before. */
  private void trickle(HttpExchange exchange) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "text/plain");
    exchange.sendResponseHeaders(200, 0);
    try (OutputStream out = exchange.getResponseBody()) {
      // ends its body normally after 60 s, so a proxy that does not cut it fails the test rather than hanging it
      for (int sent = 0; sent < 120 && !closing.await(500, TimeUnit.MILLISECONDS); sent++) {
        out.write('.');
        out.flush();
      }
    } catch (IOException callerGone) {
      // the proxy cut the call
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void download(HttpExchange exchange, long bytes) throws IOException {
    exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
    exchange.sendResponseHeaders(200, 0);
    byte[] chunk = new byte[65_536];
    try (OutputStream out = exchange.getResponseBody()) {
      for (long left = bytes; left > 0; left -= chunk.length) {
        out.write(chunk, 0, (int) Math.min(chunk.length, left));
      }
    } catch (IOException callerGone) {
      // the proxy cut the call
    }
  }

  private static void json(HttpExchange exchange, int status, JsonObject body) throws IOException {
    byte[] bytes = body.encode().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  @Override
  public void close() {
    closing.countDown();
    server.stop(0);
  }
}
