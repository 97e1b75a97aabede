package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The lease SQL against the real PostgreSQL: atomic grants, shares among live replicas, windows on its clock. */
@ExtendWith(VertxExtension.class)
class CeilingLeasesTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);
  /** A window far longer than any test, so that no test straddles two of them (they are aligned to the epoch). */
  private static final int LONG_PERIOD = 1_000_000;

  private Database database;
  private CeilingLeases leases;
  private ClusterReplicas replicas;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    database = PgPools.shared(vertx, TestDatabase.url(), 8);
    leases = new CeilingLeases(database);
    replicas = new ClusterReplicas(database);
  }

  @AfterEach
  void tearDown() {
    database.pool().close().await();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
  }

  private static long count(String sql) throws Exception {
    DatabaseUrl url = TestDatabase.url();
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }

  private static long live() throws Exception {
    return count("SELECT count(*) FROM cluster_replicas WHERE expires_at > now()");
  }

  @Test
  void concurrentTakersNeverGetMoreThanTheBudgetBetweenThem() throws Exception {
    Random random = new Random(7);
    List<Future<CeilingLeases.Grant>> takes = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      takes.add(leases.take("test:race", 50, LONG_PERIOD, 1 + random.nextInt(3)));
    }
    await(Future.all(takes));

    int granted = takes.stream().mapToInt(take -> take.result().granted()).sum();
    assertThat(granted).isEqualTo(50);
    assertThat(takes.stream().filter(take -> take.result().left() == 0).count())
        .as("every take after the budget ran out says so").isGreaterThan(200);
    assertThat(count("SELECT taken FROM rate_windows WHERE scope = 'test:race'")).isEqualTo(50);
  }

  @Test
  void eachGrantIsAtMostAnEvenShareOfWhatIsLeftAmongLiveReplicas() throws Exception {
    for (String replica : List.of("a", "b", "c")) {
      await(replicas.beat(replica, Duration.ofHours(1)));
    }

    assertThat(await(leases.take("test:share", 30, LONG_PERIOD, 30)).granted()).isEqualTo(10);
    assertThat(await(leases.take("test:share", 30, LONG_PERIOD, 30)).granted()).isEqualTo(7);
    CeilingLeases.Grant small = await(leases.take("test:share", 30, LONG_PERIOD, 2));
    assertThat(small.granted()).isEqualTo(2);
    assertThat(small.left()).isEqualTo(11);
  }

  @Test
  void aReplicaThatStopsBeatingGivesItsShareBackWithinAFewHeartbeats(Vertx vertx) throws Exception {
    // long enough that all three are surely live at the first take, even on a loaded machine
    Duration interval = Duration.ofSeconds(2);
    for (String replica : List.of("a", "b", "c")) {
      await(replicas.beat(replica, interval));
    }
    assertThat(await(leases.take("test:dead-0", 30, LONG_PERIOD, 30)).granted()).isEqualTo(10);
    // only "a" goes on beating; "b" and "c" die without deregistering
    long beating = vertx.setPeriodic(interval.toMillis(), id -> replicas.beat("a", interval));
    AtomicInteger scope = new AtomicInteger();

    Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(100)).until(() ->
        await(leases.take("test:dead-" + scope.incrementAndGet(), 30, LONG_PERIOD, 30)).granted() == 30);
    vertx.cancelTimer(beating);
    assertThat(live()).isEqualTo(1);
  }

  @Test
  void aReplicaThatLeavesStopsCountingAtOnce() throws Exception {
    await(replicas.beat("a", Duration.ofHours(1)));
    await(replicas.beat("b", Duration.ofHours(1)));
    assertThat(live()).isEqualTo(2);

    await(replicas.leave("b"));

    assertThat(live()).isEqualTo(1);
    assertThat(await(leases.take("test:leave", 30, LONG_PERIOD, 30)).granted()).isEqualTo(30);
  }

  @Test
  void aSpentWindowSaysWhenItEndsAndTheNextOneHasTheWholeBudget() throws Exception {
    CeilingLeases.Grant first = await(leases.take("test:roll", 2, 1, 5));
    assertThat(first.granted()).isEqualTo(2);
    assertThat(first.left()).isZero();
    assertThat(first.remainingMs()).isBetween(0L, 1000L);

    Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50))
        .until(() -> await(leases.take("test:roll", 2, 1, 5)).granted() == 2);
    assertThat(count("SELECT count(*) FROM rate_windows WHERE scope = 'test:roll'")).isEqualTo(2);
    Awaitility.await().atMost(GENEROUS).pollInterval(Duration.ofMillis(50))
        .until(() -> await(leases.deleteEnded()) >= 1);
  }

  @Test
  void aWindowKeepsTheBudgetOfItsFirstTakerAndALowerCeilingIsHonoured() throws Exception {
    assertThat(await(leases.take("test:budget", 10, LONG_PERIOD, 8)).granted()).isEqualTo(8);
    // a replica configured with a lower ceiling (a rolling change) never takes beyond its own
    assertThat(await(leases.take("test:budget", 5, LONG_PERIOD, 8)).granted()).isZero();
    assertThat(await(leases.take("test:budget", 100, LONG_PERIOD, 8)).granted()).isEqualTo(2);
  }
}
