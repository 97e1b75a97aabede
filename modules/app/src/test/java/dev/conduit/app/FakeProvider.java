package dev.conduit.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * An OAuth provider on loopback, a real HTTP server whose token and revocation endpoints answer as scripted.
 * It records every request, so tests can count calls and check what Conduit sent.
 */
final class FakeProvider implements AutoCloseable {

  /** One request as the provider saw it, and when it arrived. */
  record Call(String path, Map<String, String> form, String authorization, Instant at) {
  }

  /** One scripted answer; {@code delayMillis} before answering, to play a slow or hanging provider. */
  record Answer(int status, String contentType, String body, Map<String, String> headers, long delayMillis) {

    static Answer json(int status, String body) {
      return new Answer(status, "application/json", body, Map.of(), 0);
    }

    static Answer tokens(String accessToken, String refreshToken, long expiresIn) {
      return json(200, "{\"access_token\":\"" + accessToken + "\",\"token_type\":\"bearer\",\"expires_in\":" + expiresIn
          + (refreshToken == null ? "" : ",\"refresh_token\":\"" + refreshToken + "\"") + "}");
    }

    Answer delayed(long millis) {
      return new Answer(status, contentType, body, headers, millis);
    }

    Answer withHeader(String name, String value) {
      Map<String, String> more = new HashMap<>(headers);
      more.put(name, value);
      return new Answer(status, contentType, body, more, delayMillis);
    }

    /** Answers {@code exchange} with this, after the delay; a caller that gave up meanwhile is not an error. */
    void send(HttpExchange exchange) throws IOException {
      if (delayMillis > 0) {
        try {
          Thread.sleep(delayMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      if (contentType != null) {
        exchange.getResponseHeaders().add("Content-Type", contentType);
      }
      headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
      try {
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
      } catch (IOException callerGone) {
        // Conduit gave up waiting (a timeout test)
      }
      exchange.close();
    }
  }

  private final HttpServer server;
  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
  private final AtomicReference<Function<Call, Answer>> tokenScript = new AtomicReference<>();
  private final AtomicInteger issued = new AtomicInteger();
  /** Token answers wait until this opens; null: they go out at once. */
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();

  FakeProvider() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/token", exchange -> answer(exchange, tokenScript.get()));
    server.createContext("/revoke", exchange -> answer(exchange, call -> Answer.json(200, "{}")));
    // by default: fresh tokens with a new refresh token each time, valid for an hour
    rotatingTokens(3600);
    server.start();
  }

  /** Forgets the calls seen and restarts token numbering; the default script answers again. */
  void reset() {
    calls.clear();
    issued.set(0);
    rotatingTokens(3600);
  }

  /** Every refresh gets a new access token and a new refresh token. */
  void rotatingTokens(long expiresIn) {
    script(call -> {
      int n = issued.incrementAndGet();
      return Answer.tokens("at-" + n, "rt-" + n, expiresIn);
    });
  }

  /**
   * Strict rotation, as many providers do it: only the current refresh token (at first {@code first}) is accepted,
   * and each refresh replaces it with a new one ({@code rt-1}, {@code rt-2}, …) at the moment the call arrives —
   * whether or not the caller ever receives the answer. Any other refresh token gets {@code invalid_grant}.
   */
  void strictRotation(String first, long expiresIn) {
    AtomicReference<String> current = new AtomicReference<>(first);
    script(call -> {
      synchronized (current) {
        if (!current.get().equals(call.form().get("refresh_token"))) {
          return Answer.json(400, "{\"error\":\"invalid_grant\"}");
        }
        int n = issued.incrementAndGet();
        current.set("rt-" + n);
        return Answer.tokens("at-" + n, "rt-" + n, expiresIn);
      }
    });
  }

  /** Token requests are answered (as scripted when they arrived) only once {@link #releaseTokenAnswers()} is called. */
  void holdTokenAnswers() {
    gate.set(new CountDownLatch(1));
  }

  void releaseTokenAnswers() {
    CountDownLatch held = gate.getAndSet(null);
    if (held != null) {
      held.countDown();
    }
  }

  void script(Function<Call, Answer> script) {
    tokenScript.set(script);
  }

  /** The same answer to every token request. */
  void always(Answer answer) {
    script(call -> answer);
  }

  List<Call> tokenCalls() {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals("/token")).toList();
    }
  }

  List<Call> revocations() {
    synchronized (calls) {
      return calls.stream().filter(c -> c.path().equals("/revoke")).toList();
    }
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** A connectors directory with OAuth connectors pointing here; {@code ratePerSecond} per connector id. */
  Path connectors(Path dir, Map<String, Integer> ratePerSecond) {
    try {
      for (Map.Entry<String, Integer> connector : ratePerSecond.entrySet()) {
        Files.writeString(dir.resolve(connector.getKey() + ".yaml"), """
            id: %s
            name: %s
            authType: oauth2
            docsUrl: https://docs.example.com
            oauth:
              authorizeUrl: %s
              tokenUrl: %s
              revokeUrl: %s
              clientAuth: client_secret_basic
              reauthErrors: [invalid_grant, bad_refresh_token]
            rateLimit:
              limit: %d
              periodSeconds: 1
              source: https://docs.example.com/limits
            """.formatted(connector.getKey(), connector.getKey(), url("/authorize"), url("/token"), url("/revoke"),
            connector.getValue()));
      }
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void answer(HttpExchange exchange, Function<Call, Answer> script) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Call call = new Call(exchange.getRequestURI().getPath(), form(body),
        exchange.getRequestHeaders().getFirst("Authorization"), Instant.now());
    calls.add(call);
    Answer answer = script.apply(call);
    CountDownLatch held = call.path().equals("/token") ? gate.get() : null;
    if (held != null) {
      try {
        held.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    answer.send(exchange);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  @Override
  public void close() {
    releaseTokenAnswers();
    server.stop(0);
  }
}
