package dev.conduit.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Webhook delivery, measured from outside: (1) latency from a {@code connection.needs_reauth} event's commit to
 * its arrival at a receiver on loopback, for events made the real way (a vend finds the refresh token dead at the
 * provider), at a steady rate; (2) the dispatcher's throughput on a backlog committed all at once.
 */
@Command(name = "webhooks", mixinStandardHelpOptions = true,
    description = "Event-to-receiver latency (p50/p99) and dispatcher throughput of webhook delivery.")
final class WebhookBenchmark implements Callable<Integer> {

  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Option(names = "--events", defaultValue = "1000", description = "needs_reauth events for the latency run.")
  int events;

  @Option(names = "--rate", defaultValue = "50", description = "Events per second in the latency run.")
  int rate;

  @Option(names = "--backlog", defaultValue = "20000", description = "Deliveries in the throughput run.")
  int backlog;

  /** webhook-id → when the receiver got it (first arrival only). */
  private final Map<String, Instant> arrivals = new ConcurrentHashMap<>();

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    try {
      HttpServer provider = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body ->
              request.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                  .end("{\"error\":\"invalid_grant\",\"error_description\":\"refresh token revoked\"}")))
          .listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
      HttpServer receiver = vertx.createHttpServer().requestHandler(request -> {
        Instant at = Instant.now();
        arrivals.putIfAbsent(request.getHeader("webhook-id"), at);
        request.body().onSuccess(body -> request.response().setStatusCode(204).end());
      }).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
      Map<String, String> environment = new HashMap<>(ServerOptions.benchConnectorEnvironment(
          provider.actualPort()));
      // the sweep stays out of the way: events come from vends, one at a time, when this benchmark says
      environment.put("CONDUIT_REFRESH_INTERVAL", "PT1H");
      environment.put("CONDUIT_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
      environment.put("CONDUIT_WEBHOOKS_ALLOW_INSECURE", "true");
      try (ServerProcess server = serverOptions.start(environment);
          Connection jdbc = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
        String token = BenchApi.token("bench-owner");
        HttpClient client = HttpClient.newHttpClient();
        String webhookId = new JsonObject(BenchApi.send(client, server, "POST", "/api/webhooks", token,
            new JsonObject().put("data", new JsonObject().put("type", "webhooks").put("attributes", new JsonObject()
                .put("url", "http://127.0.0.1:" + receiver.actualPort() + "/hooks")
                .put("events", List.of("connection.needs_reauth", "webhook.test")))).encode()))
            .getJsonObject("data").getString("id");
        List<String> connections = seed(client, server, token, events + events / 5);
        System.out.println("warm-up (JIT in the server), not measured:");
        latency(client, server, token, jdbc, connections.subList(events, connections.size()));
        System.out.println("measured:");
        latency(client, server, token, jdbc, connections.subList(0, events));
        throughput(jdbc, webhookId);
      }
    } finally {
      vertx.close();
    }
    return 0;
  }

  /** Connections whose access token has expired and whose refresh token the provider will refuse. */
  private static List<String> seed(HttpClient client, ServerProcess server, String token, int count) throws Exception {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = new JsonObject(BenchApi.send(client, server, "POST", "/api/connections", token,
          "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"benchco\"}}}"))
          .getJsonObject("data").getString("id");
      BenchApi.send(client, server, "PUT", "/api/connections/" + id + "/credential", token,
          "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"oauth2\",\"accessToken\":\"a" + i
              + "\",\"refreshToken\":\"r" + i + "\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}}}");
      ids.add(id);
    }
    return ids;
  }

  /**
   * Vends each connection at {@code rate} per second; each vend finds the refresh token dead and commits a
   * needs_reauth event. Latency is the event's commit-side timestamp (taken just before its transaction commits)
   * to the receiver's first byte of the request, both on this machine's clock.
   */
  private void latency(HttpClient client, ServerProcess server, String token, Connection jdbc, List<String> ids)
      throws Exception {
    arrivals.clear();
    long started = System.nanoTime();
    long intervalNanos = TimeUnit.SECONDS.toNanos(1) / rate;
    List<CompletableFuture<?>> vends = new ArrayList<>();
    for (int i = 0; i < ids.size(); i++) {
      long due = started + i * intervalNanos;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        TimeUnit.NANOSECONDS.sleep(wait);
      }
      vends.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(
              java.net.URI.create(server.baseUrl() + "/api/connections/" + ids.get(i) + "/vend"))
          .POST(java.net.http.HttpRequest.BodyPublishers.noBody())
          .header("Authorization", "Bearer " + token).build(), java.net.http.HttpResponse.BodyHandlers.discarding()));
    }
    CompletableFuture.allOf(vends.toArray(CompletableFuture[]::new)).get(5, TimeUnit.MINUTES);
    Map<String, Instant> committed = events(jdbc, ids);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!arrivals.keySet().containsAll(committed.keySet()) && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    Histogram micros = new Histogram(TimeUnit.MINUTES.toMicros(1), 3);
    int missing = 0;
    for (Map.Entry<String, Instant> event : committed.entrySet()) {
      Instant arrived = arrivals.get(event.getKey());
      if (arrived == null) {
        missing++;
      } else {
        micros.recordValue(Math.max(0, ChronoUnit.MICROS.between(event.getValue(), arrived)));
      }
    }
    System.out.printf("latency, event committed -> receiver: %d events at %d/s: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms,"
            + " max %.2f ms; %d not delivered%n", committed.size(), rate, micros.getValueAtPercentile(50) / 1000.0,
        micros.getValueAtPercentile(90) / 1000.0, micros.getValueAtPercentile(99) / 1000.0,
        micros.getMaxValue() / 1000.0, missing);
  }

  /** The needs_reauth events of these connections and when each was recorded. */
  private static Map<String, Instant> events(Connection jdbc, List<String> ids) throws Exception {
    Map<String, Instant> events = new HashMap<>();
    try (Statement statement = jdbc.createStatement(); ResultSet rows = statement.executeQuery(
        "SELECT id, created_at FROM webhook_events WHERE type = 'connection.needs_reauth' AND connection_id IN ("
            + String.join(",", ids.stream().map(id -> "'" + id + "'").toList()) + ")")) {
      while (rows.next()) {
        events.put(rows.getString(1), rows.getObject(2, java.time.OffsetDateTime.class).toInstant());
      }
    }
    if (events.size() != ids.size()) {
      throw new IllegalStateException(ids.size() + " vends made " + events.size() + " needs_reauth events");
    }
    return events;
  }

  /**
   * Commits {@code backlog} test events with their deliveries in one transaction (as if that many had piled up
   * while the receiver was away) and times the dispatcher until the receiver has them all.
   */
  private void throughput(Connection jdbc, String webhookId) throws Exception {
    arrivals.clear();
    long started;
    try (Statement statement = jdbc.createStatement()) {
      jdbc.setAutoCommit(false);
      statement.execute("INSERT INTO webhook_events (id, owner, type, payload)"
          + " SELECT 'evt_bench_' || g, 'bench-owner', 'webhook.test',"
          + " '{\"type\":\"webhook.test\",\"data\":{\"n\":' || g || '}}' FROM generate_series(1, " + backlog + ") g");
      statement.execute("INSERT INTO webhook_deliveries (id, event_id, endpoint_id, owner, next_attempt_at)"
          + " SELECT gen_random_uuid(), 'evt_bench_' || g, '" + webhookId + "', 'bench-owner', now()"
          + " FROM generate_series(1, " + backlog + ") g");
      started = System.nanoTime();
      jdbc.commit();
      jdbc.setAutoCommit(true);
    }
    Instant committedAt = Instant.now();
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (arrivals.size() < backlog && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    Instant first = arrivals.values().stream().min(Instant::compareTo).orElse(committedAt);
    Instant last = arrivals.values().stream().max(Instant::compareTo).orElse(committedAt);
    double active = ChronoUnit.MICROS.between(first, last) / 1e6;
    long recorded;
    try (Statement statement = jdbc.createStatement();
        ResultSet rows = statement.executeQuery("SELECT count(*) FROM webhook_deliveries WHERE status = 'delivered'"
            + " AND event_id LIKE 'evt_bench_%'")) {
      rows.next();
      recorded = rows.getLong(1);
    }
    System.out.printf("throughput: %d deliveries received in %.2f s from commit = %.0f/s; first to last %.2f s ="
            + " %.0f/s (the dispatcher's poll interval is 1 s); %d recorded delivered%n", arrivals.size(), seconds,
        arrivals.size() / seconds, active, arrivals.size() / active, recorded);
  }
}
