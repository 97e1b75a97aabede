package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A connector's refresh ceiling holds for the cluster, not per replica: three Conduits on one PostgreSQL, a provider
 * on loopback counting token calls per window of the ceiling's period. The ceiling is 30 calls per 10 s (the issue's
 * 30 a minute, on a shorter clock); windows are aligned to the epoch on the database's clock, which on this machine
 * is the provider's clock too.
 */
class ClusterCeilingTest {

  private static final int LIMIT = 30;
  private static final long PERIOD_MS = 10_000;
  private static final int CREDENTIALS = 120;
  private static final Duration PATIENCE = Duration.ofSeconds(240);
  private static final String REFRESHED = "conduit_refreshes_total{connector=\"acme\",outcome=\"refreshed\"}";

  @TempDir
  Path connectors;
  private FakeProvider provider;
  private final Replicas replicas = new Replicas();
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

  /** A replica sweeping every {@code sweepInterval}, claiming {@code batchSize} at a time, under the ceiling. */
  private TestConduit replica(String sweepInterval, int batchSize) {
    Map<String, String> environment = ProviderEnvironment.of(provider, connectors, sweepInterval);
    environment.put("CONDUIT_REFRESH_RATE_LIMITS", "acme=" + LIMIT + "/" + PERIOD_MS / 1000);
    environment.put("CONDUIT_REFRESH_BATCH_SIZE", Integer.toString(batchSize));
    environment.put("CONDUIT_CLUSTER_HEARTBEAT_INTERVAL", "PT1S");
    return replicas.start(environment);
  }

  /** {@code count} acme connections whose tokens expired long ago, made through {@code conduit}. */
  private List<String> due(TestConduit conduit, int count) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String id = conduit.createConnection(alice, "acme");
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

  /** The provider's token calls per window of the ceiling's period, by window start, in order. */
  private SortedMap<Long, Integer> callsPerWindow() {
    SortedMap<Long, Integer> windows = new TreeMap<>();
    provider.tokenCalls().forEach(call -> windows.merge(
        call.at().toEpochMilli() / PERIOD_MS * PERIOD_MS, 1, Integer::sum));
    return windows;
  }

  private static double refreshedBy(TestConduit replica) {
    return replica.metric(REFRESHED);
  }

  @Test
  void threeBusyReplicasTogetherStayWithinTheCeiling() {
    // small batches, so that every replica's sweep finds due credentials and asks for permits at the same time
    TestConduit first = replica("PT0.2S", 5);
    TestConduit second = replica("PT0.2S", 5);
    TestConduit third = replica("PT0.2S", 5);
    List<String> ids = due(first, CREDENTIALS);

    Wait.patiently().atMost(PATIENCE).until(() -> refreshed(ids) == CREDENTIALS);

    SortedMap<Long, Integer> windows = callsPerWindow();
    assertThat(windows.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(CREDENTIALS);
    assertThat(windows.values()).as("calls per window: %s", windows).allSatisfy(calls ->
        assertThat(calls).isLessThanOrEqualTo(LIMIT));
    for (TestConduit replica : List.of(first, second, third)) {
      assertThat(refreshedBy(replica)).as("each replica did some of the refreshes").isPositive();
    }
  }

  @Test
  void oneBusyReplicaAmongIdleOnesGetsNearlyTheWholeCeiling() {
    TestConduit idle = replica("PT1H", 500);
    TestConduit alsoIdle = replica("PT1H", 500);
    // made after the idle replicas' first sweep, which they never repeat within the test
    List<String> ids = due(idle, CREDENTIALS);
    TestConduit busy = replica("PT0.2S", 500);
    Wait.patiently().until(() -> Sql.count("SELECT count(*) FROM cluster_replicas WHERE expires_at > now()") == 3);

    Wait.patiently().atMost(PATIENCE).until(() -> refreshed(ids) == CREDENTIALS);

    // the counters move just after the commits; an idle replica's one sweep may have caught the first few credentials
    Wait.patiently().until(() -> refreshedBy(busy) + refreshedBy(idle) + refreshedBy(alsoIdle) == CREDENTIALS);
    assertThat(refreshedBy(busy)).isGreaterThanOrEqualTo(CREDENTIALS * 9 / 10);
    List<Integer> windows = new ArrayList<>(callsPerWindow().values());
    assertThat(windows).as("calls per window: %s", windows).allSatisfy(calls ->
        assertThat(calls).isLessThanOrEqualTo(LIMIT));
    // the first window was entered part way through and the last ran out of work; every one between was busy
    assertThat(windows.size()).isGreaterThanOrEqualTo(4);
    assertThat(windows.subList(1, windows.size() - 1)).as("calls per window: %s", windows).allSatisfy(calls ->
        assertThat(calls).isGreaterThanOrEqualTo(LIMIT * 9 / 10));

    // a replica that stops cleanly leaves the cluster at once, not three heartbeats later
    String leaving = alsoIdle.server.replica();
    assertThat(Sql.rows("SELECT id FROM cluster_replicas")).contains(leaving);
    replicas.stop(alsoIdle);
    assertThat(Sql.rows("SELECT id FROM cluster_replicas")).doesNotContain(leaving);
  }
}
