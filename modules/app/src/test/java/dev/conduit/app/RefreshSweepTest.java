package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
  @TempDir
  Path logs;
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

  private TestConduit replica(String sweepInterval, Map<String, String> extra) {
    Map<String, String> environment = ProviderEnvironment.of(provider, connectors, sweepInterval);
    environment.putAll(extra);
    return replicas.start(environment);
  }

  /** {@code count} connections whose tokens expired long ago; the i-th has refresh token {@code rt-old-i}. */
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

  /** Due connections made through a replica that is stopped again, so that no sweep has touched them. */
  private List<String> dueUntouched(String connector, int count) {
    TestConduit setup = replica("PT1H", Map.of());
    List<String> ids = due(setup, connector, count);
    replicas.stop(setup);
    return ids;
  }

  private static long refreshed(List<String> ids) {
    return Sql.count("SELECT count(*) FROM credentials WHERE last_refreshed_at IS NOT NULL AND connection_id IN ("
        + ids.stream().map(id -> "'" + id + "'").collect(Collectors.joining(",")) + ")");
  }

  @Test
  void theSweepRefreshesDueCredentialsWithoutAnyVend() {
    TestConduit conduit = replica("PT0.5S", Map.of());
    List<String> ids = due(conduit, "acme", 20);

    Wait.patiently().until(() -> refreshed(ids) == 20);

    assertThat(provider.tokenCalls()).hasSize(20);
    // the counter moves just after the commit that the database shows
    Wait.patiently().untilAsserted(() -> assertThat(conduit.get("/metrics").body())
        .contains("conduit_refreshes_total{connector=\"acme\",outcome=\"refreshed\"} 20.0"));
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

  /**
   * A replica claims five due credentials and dies (SIGKILL, in a JVM of its own) while the provider still holds
   * its calls: nothing gives its claims back. Another replica leaves them alone until their leases run out, then
   * refreshes each one, with the refresh token the dead replica never got to replace.
   */
  @Test
  void aReplicaKilledMidSweepLosesNothing() {
    List<String> ids = dueUntouched("acme", 5);
    provider.always(FakeProvider.Answer.tokens("never-delivered", "rt-x", 3600).delayed(120_000));
    Map<String, String> doomedEnvironment = ProviderEnvironment.of(provider, connectors, "PT0.2S");
    // its calls must still be waiting when it dies: one that timed out would be deferred and its claim released.
    // A cold JVM on a busy machine may also wait seconds for its first lease of the connector's ceiling (a claim
    // that waits longer than max-throttle-wait is deferred and retried after a backoff of some seconds): the
    // timeout leaves room for such a retry to be claimed and called while the others still wait
    doomedEnvironment.put("CONDUIT_REFRESH_TIMEOUT", "PT20S");
    doomedEnvironment.put("CONDUIT_REFRESH_MAX_THROTTLE_WAIT", "PT5S");
    doomedEnvironment.put("CONDUIT_REFRESH_LEASE", "PT30S");
    ConduitProcess doomed = replicas.startProcess(doomedEnvironment, logs.resolve("doomed.log"));

    // a JVM of its own starts slowly on a busy machine
    Wait.patiently().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      assertThat(Sql.count("SELECT count(*) FROM credentials WHERE lease_until > now()")).as(doomed::output)
          .isEqualTo(5);
      assertThat(provider.tokenCalls()).hasSize(5);
    });
    doomed.kill();

    Map<String, Instant> leaseUntil = leases();
    assertThat(leaseUntil).as("the dead replica's claims, still in place").containsOnlyKeys(ids);
    provider.reset();
    TestConduit survivor = replica("PT0.5S", Map.of());

    // the leases run out up to 30 s from now
    Wait.patiently().atMost(Duration.ofSeconds(90)).until(() -> refreshed(ids) == 5);
    List<FakeProvider.Call> calls = provider.tokenCalls();
    assertThat(calls).hasSize(5);
    for (FakeProvider.Call call : calls) {
      String refreshToken = call.form().get("refresh_token");
      assertThat(refreshToken).startsWith("rt-old-");
      String id = ids.get(Integer.parseInt(refreshToken.substring("rt-old-".length())));
      assertThat(call.at()).as("claims are honoured until they expire").isAfter(leaseUntil.get(id));
    }
    for (String id : ids) {
      assertThat(survivor.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes")
          .getString("accessToken")).startsWith("at-");
    }
  }

  /** Connection id → when its claim runs out, for every credential someone has claimed. */
  private static Map<String, Instant> leases() {
    Map<String, Instant> leases = new HashMap<>();
    for (String row : Sql.rows("SELECT connection_id || ' ' || (extract(epoch FROM lease_until) * 1000000)::bigint"
        + " FROM credentials WHERE lease_owner IS NOT NULL")) {
      String[] parts = row.split(" ");
      leases.put(parts[0], Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS));
    }
    return leases;
  }

  /**
   * 100 refreshes at 10 a second are all made, none dropped, and the provider sees the ceiling held. The limiter
   * hands out 10 permits per fixed one-second cycle, so 100 calls span at least ten cycles: more than 8 seconds
   * from the first permit (which may come at the very end of its cycle) to the last. The provider sees each call
   * a moment after its permit, and on a busy machine the first moment may be longer than the last, so the bound
   * checked is 7 seconds (unthrottled, the 100 calls take well under one); and a one-second window
   * across a cycle boundary may see the end of one cycle and the start of the next, up to twice the limit.
   * Measured on the provider's clock, as the provider would.
   */
  @Test
  void aBurstOnARateLimitedConnectorTakesItsTimeAndDropsNothing() {
    List<String> ids = dueUntouched("slowco", 100);

    replica("PT0.5S", Map.of());
    Wait.patiently().atMost(Duration.ofSeconds(90)).until(() -> refreshed(ids) == 100);

    List<Instant> calls = provider.tokenCalls().stream().map(FakeProvider.Call::at).sorted().toList();
    assertThat(calls).hasSize(100);
    assertThat(Duration.between(calls.get(0), calls.get(99))).isGreaterThan(Duration.ofSeconds(7));
    assertThat(mostCallsWithin(calls, Duration.ofSeconds(1))).isLessThanOrEqualTo(2 * ProviderEnvironment.SLOWCO_PER_SECOND);
  }

  /** The largest number of {@code sorted} instants that fall in any window of {@code window}. */
  private static int mostCallsWithin(List<Instant> sorted, Duration window) {
    int most = 0;
    int start = 0;
    for (int end = 0; end < sorted.size(); end++) {
      while (!sorted.get(start).plus(window).isAfter(sorted.get(end))) {
        start++;
      }
      most = Math.max(most, end - start + 1);
    }
    return most;
  }
}
