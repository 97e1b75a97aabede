package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep, claims across replicas, and rate limits, against a scripted provider on loopback. */
class RefreshSweepTest {

  @TempDir
  Path connectors;
  private FakeProvider provider;
  private final List<TestConduit> replicas = new ArrayList<>();
  private final String alice = TestConduit.token("alice");

  @BeforeEach
  void setUp() {
    TestDatabase.truncateAll();
    provider = new FakeProvider();
  }

  @AfterEach
  void tearDown() {
    replicas.forEach(TestConduit::close);
    provider.close();
  }

  private TestConduit replica(String sweepInterval, Map<String, String> extra) {
    Map<String, String> environment = new HashMap<>(RefreshOnReadTest.environment(provider, connectors, sweepInterval));
    environment.putAll(extra);
    TestConduit replica = TestConduit.start(environment);
    replicas.add(replica);
    return replica;
  }

  private List<String> due(TestConduit conduit, String connector, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = conduit.createConnection(alice, connector);
      conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"old-" + i + "\",\"refreshToken\":\"rt-old-" + i
          + "\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
      ids.add(id);
    }
    return ids;
  }

  private static long refreshed(List<String> ids) {
    return Sql.count("SELECT count(*) FROM credentials WHERE last_refreshed_at IS NOT NULL AND connection_id IN ("
        + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")");
  }

  private static void awaitAllRefreshed(List<String> ids, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (refreshed(ids) < ids.size() && System.nanoTime() < deadline) {
      Thread.sleep(100);
    }
  }

  @Test
  void theSweepRefreshesDueCredentialsWithoutAnyVend() throws InterruptedException {
    TestConduit conduit = replica("PT0.5S", Map.of());
    List<String> ids = due(conduit, "acme", 20);

    awaitAllRefreshed(ids, Duration.ofSeconds(10));

    assertThat(refreshed(ids)).isEqualTo(20);
    assertThat(provider.tokenCalls()).hasSize(20);
    assertThat(conduit.get("/metrics").body()).contains("conduit_refreshes_total{connector=\"acme\",outcome=\"refreshed\"} 20.0");
  }

  @Test
  void twoHundredConcurrentVendsOnTwoReplicasMakeOneProviderCall() throws Exception {
    provider.script(call -> FakeProvider.Answer.tokens("shared-new", "rt-next", 3600).delayed(300));
    TestConduit a = replica("PT1H", Map.of());
    TestConduit b = replica("PT1H", Map.of());
    String id = due(a, "acme", 1).get(0);

    ExecutorService pool = Executors.newFixedThreadPool(64);
    List<CompletableFuture<TestConduit.Response>> vends = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      TestConduit replica = i % 2 == 0 ? a : b;
      vends.add(CompletableFuture.supplyAsync(() -> replica.vend(alice, id), pool));
    }
    Set<String> answers = vends.stream().map(CompletableFuture::join)
        .map(r -> r.status() + " " + r.json().getJsonObject("data").getJsonObject("attributes").getString("accessToken"))
        .collect(Collectors.toSet());
    pool.shutdown();

    assertThat(provider.tokenCalls()).hasSize(1);
    assertThat(answers).containsExactly("200 shared-new");
  }

  @Test
  void aReplicaKilledMidSweepLosesNothing() throws Exception {
    provider.script(call -> FakeProvider.Answer.tokens("never-delivered", "rt-x", 3600).delayed(30_000));
    TestConduit doomed = replica("PT0.2S", Map.of());
    List<String> ids = due(doomed, "acme", 5);
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (Sql.count("SELECT count(*) FROM credentials WHERE lease_until > now()") < 5 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(Sql.count("SELECT count(*) FROM credentials WHERE lease_until > now()")).isEqualTo(5);
    doomed.close();
    replicas.remove(doomed);

    provider.reset();
    TestConduit survivor = replica("PT0.5S", Map.of());
    Thread.sleep(500);
    assertThat(refreshed(ids)).as("claims are honoured until they expire").isZero();

    awaitAllRefreshed(ids, Duration.ofSeconds(15));
    assertThat(refreshed(ids)).isEqualTo(5);
    for (String id : ids) {
      assertThat(survivor.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes")
          .getString("accessToken")).startsWith("at-");
    }
  }

  @Test
  void aBurstOnARateLimitedConnectorTakesItsTimeAndDropsNothing() throws InterruptedException {
    TestConduit conduit = replica("PT1H", Map.of("CONDUIT_REFRESH_BATCH_SIZE", "500"));
    List<String> ids = due(conduit, "slowco", 100);
    conduit.close();
    replicas.remove(conduit);

    long started = System.nanoTime();
    replica("PT0.5S", Map.of());
    awaitAllRefreshed(ids, Duration.ofSeconds(30));
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(refreshed(ids)).isEqualTo(100);
    assertThat(provider.tokenCalls()).hasSize(100);
    assertThat(seconds).isGreaterThanOrEqualTo(9.0);
  }
}
