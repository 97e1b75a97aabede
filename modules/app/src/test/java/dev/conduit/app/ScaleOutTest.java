package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Conduit processes (each a JVM of its own) on loopback ports against one PostgreSQL, as replicas behind a
 * Service would run: each due credential is refreshed by exactly one of them, and concurrent vends of one stale
 * token spread over all three make one provider call.
 */
class ScaleOutTest {

  private static final Duration START_PATIENCE = Duration.ofSeconds(180);
  private static final String REFRESHED = "conduit_refreshes_total{connector=\"acme\",outcome=\"refreshed\"}";

  @TempDir
  Path connectors;
  @TempDir
  Path logs;
  private FakeProvider provider;
  private final Replicas replicas = new Replicas();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String alice = TestConduit.token("alice");

  @BeforeEach
  void setUp() {
    TestDatabase.truncateAll();
    provider = new FakeProvider();
  }

  @AfterEach
  void tearDown() throws Exception {
    replicas.close();
    provider.close();
  }

  /** Three replica processes sweeping every {@code sweepInterval}; returns their HTTP ports once all are ready. */
  private List<Integer> threeProcesses(String sweepInterval) {
    List<Integer> ports = new ArrayList<>();
    List<ConduitProcess> processes = new ArrayList<>();
    for (int i = 1; i <= 3; i++) {
      int port = TestConduit.freePort();
      Map<String, String> environment = ProviderEnvironment.of(provider, connectors, sweepInterval);
      environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
      // small claims, so that the three sweeps share the due credentials between them
      environment.put("CONDUIT_REFRESH_BATCH_SIZE", "100");
      // three JVMs refreshing a thousand credentials load this machine: a call that timed out would be retried, and a
      // claim that lapsed while its credential waited behind the ceiling would let another replica call too; either
      // way the provider would see a refresh token twice (the fenced commit still keeps one result)
      environment.put("CONDUIT_REFRESH_TIMEOUT", "PT2M");
      environment.put("CONDUIT_REFRESH_LEASE", "PT5M");
      processes.add(replicas.startProcess(environment, logs.resolve("replica-" + i + ".log")));
      ports.add(port);
    }
    for (int i = 0; i < 3; i++) {
      ConduitProcess process = processes.get(i);
      int port = ports.get(i);
      try {
        Wait.patiently().atMost(START_PATIENCE).ignoreExceptions()
            .until(() -> get(port, "/health/ready").statusCode() == 200);
      } catch (ConditionTimeoutException e) {
        throw new AssertionError("replica " + (i + 1) + " did not become ready; it printed:\n" + process.output(), e);
      }
    }
    return ports;
  }

  /** {@code count} acme connections with tokens that are valid for an hour, made by a replica stopped again. */
  private List<String> seed(int count) throws Exception {
    TestConduit setup = replicas.start(ProviderEnvironment.of(provider, connectors, "PT1H"));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<CompletableFuture<String>> made = IntStream.range(0, count)
          .mapToObj(i -> CompletableFuture.supplyAsync(() -> {
            String id = setup.createConnection(alice, "acme");
            TestConduit.Response deposited = setup.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"old-" + i
                + "\",\"refreshToken\":\"rt-old-" + i + "\",\"expiresIn\":3600}");
            assertThat(deposited.status()).isEqualTo(200);
            return id;
          }, pool))
          .toList();
      return made.stream().map(CompletableFuture::join).toList();
    } finally {
      pool.shutdown();
      replicas.stop(setup);
    }
  }

  private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> vend(int port, String id) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connections/" + id
              + "/vend")).timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + alice)
          .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private double refreshedBy(int port) throws Exception {
    return TestConduit.metric(get(port, "/metrics").body(), REFRESHED);
  }

  @Test
  void aThousandCredentialsDueAtOnceAreEachRefreshedExactlyOnce() throws Exception {
    List<String> ids = seed(1000);
    List<Integer> ports = threeProcesses("PT0.5S");

    TestDatabase.execute("UPDATE credentials SET refresh_due_at = now()");
    Wait.patiently().atMost(Duration.ofSeconds(180)).until(() ->
        Sql.count("SELECT count(*) FROM credentials WHERE last_refreshed_at IS NOT NULL") == ids.size());

    List<FakeProvider.Call> calls = provider.tokenCalls();
    Set<String> refreshTokens = calls.stream().map(call -> call.form().get("refresh_token"))
        .collect(Collectors.toSet());
    assertThat(calls).hasSize(1000);
    assertThat(refreshTokens).hasSize(1000).allSatisfy(token -> assertThat(token).startsWith("rt-old-"));
    List<Double> perReplica = new ArrayList<>();
    for (int port : ports) {
      perReplica.add(refreshedBy(port));
    }
    assertThat(perReplica.stream().mapToDouble(Double::doubleValue).sum()).as("refreshes per replica: %s", perReplica)
        .isEqualTo(1000.0);
  }

  @Test
  void aHundredConcurrentVendsOfOneStaleTokenOverThreeProcessesMakeOneProviderCall() throws Exception {
    provider.script(call -> FakeProvider.Answer.tokens("shared-new", "rt-next", 3600).delayed(300));
    String id = seed(1).get(0);
    List<Integer> ports = threeProcesses("PT1H");
    // stale now, after each replica's first sweep: only the vends will find it
    TestDatabase.execute("UPDATE credentials SET expires_at = now() - interval '1 minute',"
        + " refresh_due_at = now() - interval '1 minute'");

    ExecutorService pool = Executors.newFixedThreadPool(50);
    List<CompletableFuture<HttpResponse<String>>> vends = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      int port = ports.get(i % 3);
      vends.add(CompletableFuture.supplyAsync(() -> vend(port, id), pool));
    }
    Set<String> answers = vends.stream().map(CompletableFuture::join)
        .map(r -> r.statusCode() + " " + new JsonObject(r.body()).getJsonObject("data").getJsonObject("attributes")
            .getString("accessToken"))
        .collect(Collectors.toSet());
    pool.shutdown();

    assertThat(answers).containsExactly("200 shared-new");
    assertThat(provider.tokenCalls()).hasSize(1);
  }
}
