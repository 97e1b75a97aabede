package dev.conduit.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A webhook receiver on loopback: a real HTTP server that records every request exactly as it arrived and
 * answers from a script (one answer per request, in order, then 200); a path can have a script of its own.
 */
final class WebhookReceiver implements AutoCloseable {

  /** One request as the receiver saw it: its headers (lower-cased names), the raw body, and when it came. */
  record Received(String path, Map<String, String> headers, String body, Instant at) {

    String header(String name) {
      return headers.get(name);
    }
  }

  private final HttpServer server;
  private final List<Received> received = Collections.synchronizedList(new ArrayList<>());
  private final ConcurrentLinkedQueue<FakeProvider.Answer> script = new ConcurrentLinkedQueue<>();
  private final Map<String, ConcurrentLinkedQueue<FakeProvider.Answer>> pathScripts = new ConcurrentHashMap<>();
  private final AtomicReference<CountDownLatch> gate = new AtomicReference<>();

  WebhookReceiver() {
    this(0);
  }

  WebhookReceiver(int port) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", this::answer);
    server.start();
  }

  /** The next requests get these answers, in order; after them, 200. */
  void answers(FakeProvider.Answer... answers) {
    script.addAll(List.of(answers));
  }

  /** Requests to {@code path} get these answers, in order, and then 200; the shared script is not used there. */
  void answersAt(String path, FakeProvider.Answer... answers) {
    pathScripts.computeIfAbsent(path, p -> new ConcurrentLinkedQueue<>()).addAll(List.of(answers));
  }

  /** Requests are recorded at once but answered only once {@link #releaseAnswers()} is called. */
  void holdAnswers() {
    gate.set(new CountDownLatch(1));
  }

  void releaseAnswers() {
    CountDownLatch held = gate.getAndSet(null);
    if (held != null) {
      held.countDown();
    }
  }

  void reset() {
    received.clear();
    script.clear();
    pathScripts.clear();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  int port() {
    return server.getAddress().getPort();
  }

  List<Received> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Waits until at least {@code count} requests have arrived (fails if they do not); returns all received. */
  List<Received> await(int count) {
    Wait.patiently().until(() -> received.size() >= count);
    return received();
  }

  /** Waits until a request to {@code path} has arrived (fails if none does); returns all received. */
  List<Received> awaitPath(String path) {
    Wait.patiently().until(() -> received().stream().anyMatch(r -> r.path().equals(path)));
    return received();
  }

  private void answer(HttpExchange exchange) throws IOException {
    String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    Map<String, String> headers = new java.util.HashMap<>();
    exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT),
        values.get(0)));
    String path = exchange.getRequestURI().toString();
    received.add(new Received(path, headers, body, Instant.now()));
    ConcurrentLinkedQueue<FakeProvider.Answer> own = pathScripts.get(path);
    FakeProvider.Answer answer = own != null ? own.poll() : script.poll();
    CountDownLatch held = gate.get();
    if (held != null) {
      try {
        held.await(120, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    (answer == null ? FakeProvider.Answer.json(200, "") : answer).send(exchange);
  }

  /**
   * Webhook settings for tests: loopback and plain http allowed, a quick poll, and {@code retrySchedule}
   * (comma-separated durations) so a whole schedule fits in a test.
   */
  static Map<String, String> lenientWebhooks(String retrySchedule) {
    return Map.of(
        "CONDUIT_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
        "CONDUIT_WEBHOOKS_ALLOW_INSECURE", "true",
        "CONDUIT_WEBHOOKS_RETRY_SCHEDULE", retrySchedule,
        "CONDUIT_WEBHOOKS_POLL_INTERVAL", "PT0.1S");
  }

  @Override
  public void close() {
    releaseAnswers();
    server.stop(0);
  }
}
