package dev.conduit.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.CeilingLeases;
import dev.conduit.store.Database;
import dev.conduit.store.PgPools;
import dev.conduit.store.TestDatabase;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The per-connection ceiling on the real PostgreSQL: never over, and one busy instance gets nearly all of it. */
@ExtendWith(VertxExtension.class)
class ConnectionCeilingTest {

  /** Longer than any test run: every call falls into one window. */
  private static final int LONG_PERIOD = 1_000_000;

  private Database database;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    database = PgPools.shared(vertx, TestDatabase.url(), 8);
  }

  @AfterEach
  void tearDown() {
    TestDatabase.execute("DELETE FROM cluster_replicas");
    database.pool().close().await();
  }

  /** Calls one after another (each waits for the last), as a single client would, until the first refusal. */
  private static Future<Integer> oneByOne(ConnectionCeiling ceiling, String scope, int limit, int count) {
    Future<Integer> chain = Future.succeededFuture(0);
    for (int i = 0; i < count; i++) {
      chain = chain.compose(granted -> ceiling.acquire(scope, limit, LONG_PERIOD, System.nanoTime())
          .map(decision -> decision instanceof ConnectionCeiling.Permit ? granted + 1 : granted));
    }
    return chain;
  }

  private static <T> T on(Context context, java.util.function.Supplier<Future<T>> work) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> work.get().onComplete(done -> {
      if (done.succeeded()) {
        result.complete(done.result());
      } else {
        result.completeExceptionally(done.cause());
      }
    }));
    return result.get(60, TimeUnit.SECONDS);
  }

  @Test
  void oneBusyInstanceBesideIdleReplicasUsesAtLeastNinetyPercentAndNeverMore(Vertx vertx) throws Exception {
    // two more live replicas that make no calls: the even-share cap divides every grant by three
    TestDatabase.execute("INSERT INTO cluster_replicas (id, expires_at) VALUES ('idle-1', now() + interval '1 hour'),"
        + " ('idle-2', now() + interval '1 hour')");
    int limit = 1000;
    ConnectionCeiling ceiling = new ConnectionCeiling(vertx, new CeilingLeases(database));
    int granted = on(vertx.getOrCreateContext(), () -> oneByOne(ceiling, "proxy:one", limit, limit + 50));
    assertThat(granted).isLessThanOrEqualTo(limit).isGreaterThanOrEqualTo(limit * 9 / 10);
  }

  @Test
  void instancesTakingLeasesTogetherNeverGetMoreThanTheCeiling(Vertx vertx) throws Exception {
    int limit = 300;
    List<CompletableFuture<Integer>> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Context context = vertx.getOrCreateContext();
      ConnectionCeiling ceiling = new ConnectionCeiling(vertx, new CeilingLeases(database));
      instances.add(CompletableFuture.supplyAsync(() -> {
        try {
          return on(context, () -> oneByOne(ceiling, "proxy:shared", limit, limit));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    int total = instances.stream().mapToInt(CompletableFuture::join).sum();
    assertThat(total).isLessThanOrEqualTo(limit);
    // each instance strands at most one lease less one permit: max(1, min(256, 300 / 100)) - 1 = 2
    assertThat(total).isGreaterThanOrEqualTo(limit - 4 * 2);
  }

  @Test
  void aSpentWindowRefusesAtOnceWithTheTimeUntilItEnds(Vertx vertx) throws Exception {
    ConnectionCeiling ceiling = new ConnectionCeiling(vertx, new CeilingLeases(database));
    Context context = vertx.getOrCreateContext();
    assertThat(on(context, () -> oneByOne(ceiling, "proxy:spent", 3, 3))).isEqualTo(3);
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    ConnectionCeiling.Decision refused = on(context, () -> ceiling.acquire("proxy:spent", 3, LONG_PERIOD, deadline));
    assertThat(refused).isInstanceOfSatisfying(ConnectionCeiling.Refusal.class,
        refusal -> assertThat(refusal.retryAfterMillis()).isGreaterThan(Duration.ofSeconds(5).toMillis()));
  }
}
