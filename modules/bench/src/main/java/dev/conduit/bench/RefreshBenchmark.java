package dev.conduit.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import dev.conduit.store.RefreshRepository;
import java.net.http.HttpClient;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The refresh sweep's throughput with many due credentials against a provider on loopback with no rate limit,
 * and the plan and time of the sweep's claim query on a table of a million credentials.
 */
@Command(name = "refresh", mixinStandardHelpOptions = true,
    description = "Sweep throughput (refreshes/s) and the claim query's plan and time at scale.")
final class RefreshBenchmark implements Callable<Integer> {

  @Mixin
  ServerOptions server = new ServerOptions();


  @Option(names = "--credentials", defaultValue = "10000", description = "Due credentials for the sweep run.")
  int credentials;

  @Option(names = "--claim-rows", defaultValue = "1000000", description = "Credential rows for the claim query.")
  int claimRows;

  @Option(names = "--batch-size", defaultValue = "500", description = "refresh.batch-size of the server.")
  int batchSize;

  @Override
  public Integer call() throws Exception {
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    AtomicLong providerCalls = new AtomicLong();
    HttpServer provider = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
      long n = providerCalls.incrementAndGet();
      request.response().putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("access_token", "at-" + n).put("refresh_token", "rt-" + n).put("token_type", "bearer")
          .put("expires_in", 3600).encode());
    })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get();
    Map<String, String> environment = new java.util.HashMap<>(ServerOptions.benchConnectorEnvironment(
        provider.actualPort()));
    environment.put("CONDUIT_REFRESH_INTERVAL", "PT1S");
    environment.put("CONDUIT_REFRESH_BATCH_SIZE", Integer.toString(batchSize));
    try (ServerProcess server = this.server.start(environment);
        Connection jdbc = DriverManager.getConnection(server.jdbcUrl(), "postgres", "")) {
      seed(server);
      System.out.println("warm-up sweep (JIT in the server and in this process's fake provider):");
      sweep(jdbc, providerCalls);
      System.out.println("measured sweep:");
      sweep(jdbc, providerCalls);
      claim(jdbc);
    } finally {
      vertx.close();
    }
    return 0;
  }

  /** Deposits valid tokens through the API (real sealed rows), not yet due. */
  private void seed(ServerProcess server) throws Exception {
    String token = BenchApi.token("bench-owner");
    HttpClient client = HttpClient.newHttpClient();
    Semaphore parallel = new Semaphore(32);
    List<CompletableFuture<?>> pending = new ArrayList<>();
    long started = System.nanoTime();
    for (int i = 0; i < credentials; i++) {
      parallel.acquire();
      int n = i;
      pending.add(BenchApi.sendAsync(client, server, "POST", "/api/connections", token,
              "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"benchco\"}}}")
          .thenCompose(created -> BenchApi.sendAsync(client, server, "PUT", "/api/connections/"
              + new JsonObject(created).getJsonObject("data").getString("id") + "/credential", token,
              "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"oauth2\",\"accessToken\":\"a" + n
                  + "\",\"refreshToken\":\"r" + n + "\",\"expiresIn\":3600}}}"))
          .whenComplete((r, e) -> parallel.release()));
    }
    CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).get(10, TimeUnit.MINUTES);
    System.out.printf("seeded %d oauth2 credentials through the API in %.1f s%n", credentials,
        (System.nanoTime() - started) / 1e9);
  }

  /** Makes every credential due at once and times the sweep until all are refreshed. */
  private void sweep(Connection jdbc, AtomicLong providerCalls) throws Exception {
    try (Statement statement = jdbc.createStatement()) {
      long before = providerCalls.get();
      statement.execute("UPDATE credentials SET last_refreshed_at = NULL");
      long started = System.nanoTime();
      statement.execute("UPDATE credentials SET refresh_due_at = now()");
      long refreshed = 0;
      while (refreshed < credentials && System.nanoTime() - started < TimeUnit.MINUTES.toNanos(10)) {
        Thread.sleep(100);
        try (ResultSet rows = statement.executeQuery(
            "SELECT count(*) FROM credentials WHERE last_refreshed_at IS NOT NULL")) {
          rows.next();
          refreshed = rows.getLong(1);
        }
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      double active;
      try (ResultSet rows = statement.executeQuery("SELECT extract(epoch FROM max(last_refreshed_at)"
          + " - min(last_refreshed_at)) FROM credentials")) {
        rows.next();
        active = rows.getDouble(1);
      }
      System.out.printf("sweep: %d due credentials refreshed in %.2f s from the moment they became due (the first"
              + " sweep starts within refresh.interval = 1 s) = %.0f refreshes/s; first to last refresh %.2f s ="
              + " %.0f refreshes/s (%d provider calls, batch size %d)%n", refreshed, seconds, refreshed / seconds,
          active, refreshed / active, providerCalls.get() - before, batchSize);
    }
  }

  /** Grows the table to {@code claimRows} credentials and shows the claim query's plan and time. */
  private void claim(Connection jdbc) throws Exception {
    try (Statement statement = jdbc.createStatement()) {
      long started = System.nanoTime();
      int extra = Math.max(0, claimRows - credentials);
      statement.execute("INSERT INTO connections (id, owner, connector, status)"
          + " SELECT gen_random_uuid(), 'owner-' || (g % 1000), 'benchco', 'active' FROM generate_series(1, " + extra
          + ") g");
      // 1 % of the rows due now, the rest spread over the next week; a few (every 997th) without a refresh token
      statement.execute("INSERT INTO credentials (connection_id, owner, connector, kind, kek_key_id, wrapped_key,"
          + " access_token, expires_at, refresh_due_at)"
          + " SELECT c.id, c.owner, c.connector, 'oauth2', 1, '\\x00', '\\x00', now() + interval '1 hour',"
          + " CASE WHEN random() < 0.01 THEN now() - interval '1 minute'"
          + "      WHEN random() < 0.001 THEN NULL ELSE now() + random() * interval '7 days' END"
          + " FROM connections c LEFT JOIN credentials cr ON cr.connection_id = c.id WHERE cr.connection_id IS NULL");
      statement.execute("ANALYZE credentials");
      try (ResultSet rows = statement.executeQuery("SELECT count(*), count(*) FILTER (WHERE refresh_due_at <= now())"
          + " FROM credentials")) {
        rows.next();
        System.out.printf("%nclaim: %d credential rows (%d due) built in %.1f s%n", rows.getLong(1), rows.getLong(2),
            (System.nanoTime() - started) / 1e9);
      }
      statement.execute("PREPARE claim(text, float8, int) AS " + RefreshRepository.CLAIM_DUE);
      jdbc.setAutoCommit(false);
      StringBuilder plan = new StringBuilder();
      try (ResultSet rows = statement.executeQuery("EXPLAIN (ANALYZE, BUFFERS) EXECUTE claim('bench', 60, 500)")) {
        while (rows.next()) {
          plan.append("  ").append(rows.getString(1)).append('\n');
        }
      }
      jdbc.rollback();
      List<Double> times = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        long t = System.nanoTime();
        try (ResultSet rows = statement.executeQuery("EXECUTE claim('bench', 60, 500)")) {
          int n = 0;
          while (rows.next()) {
            n++;
          }
          if (n != 500) {
            throw new IllegalStateException("claimed " + n + " rows, expected 500");
          }
        }
        times.add((System.nanoTime() - t) / 1e6);
        jdbc.rollback();
      }
      jdbc.setAutoCommit(true);
      times.sort(Double::compare);
      System.out.printf("claim of a 500-row batch, 20 runs over JDBC (each rolled back): median %.2f ms, max %.2f ms%n",
          times.get(times.size() / 2), times.get(times.size() - 1));
      System.out.println("plan:\n" + plan);
    }
  }
}
