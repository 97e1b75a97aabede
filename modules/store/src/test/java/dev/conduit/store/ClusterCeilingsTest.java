package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A replica's side of the ceilings: callers share requests, wait for the next window, and fail closed. */
@ExtendWith(VertxExtension.class)
class ClusterCeilingsTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);
  private static final int LONG_PERIOD = 1_000_000;

  private Database database;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    database = PgPools.shared(vertx, TestDatabase.url(), 8);
  }

  @AfterEach
  void tearDown() {
    database.pool().close().await();
  }

  /** Runs {@code calls} on {@code context} (a replica's event loop) and waits for what they return. */
  private static <T> T on(Context context, java.util.function.Supplier<Future<T>> calls) throws Exception {
    CompletableFuture<T> result = new CompletableFuture<>();
    context.runOnContext(v -> calls.get().onComplete(done -> {
      if (done.succeeded()) {
        result.complete(done.result());
      } else {
        result.completeExceptionally(done.cause());
      }
    }));
    return result.get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
  }

  private static Future<List<Boolean>> burst(ClusterCeilings ceilings, String scope, int budget, int period,
      int callers, Function<Integer, Long> deadline) {
    List<Future<Boolean>> permits = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      permits.add(ceilings.acquire(scope, budget, period, deadline.apply(i)));
    }
    return Future.all(permits).map(all -> permits.stream().map(Future::result).toList());
  }

  private static long in(Duration duration) {
    return System.nanoTime() + duration.toNanos();
  }

  @Test
  void twoReplicasBurstingTogetherGetExactlyTheBudget(Vertx vertx) throws Exception {
    Context first = vertx.getOrCreateContext();
    Context second = vertx.getOrCreateContext();
    ClusterCeilings one = new ClusterCeilings(vertx, new CeilingLeases(database));
    ClusterCeilings two = new ClusterCeilings(vertx, new CeilingLeases(database));
    CompletableFuture<List<Boolean>> fromOne = CompletableFuture.supplyAsync(() -> uncheck(() ->
        on(first, () -> burst(one, "test:burst", 25, LONG_PERIOD, 100, i -> in(Duration.ofMillis(200))))));
    List<Boolean> fromTwo = on(second, () -> burst(two, "test:burst", 25, LONG_PERIOD, 100,
        i -> in(Duration.ofMillis(200))));

    long permitted = fromOne.get(GENEROUS.toSeconds(), TimeUnit.SECONDS).stream().filter(p -> p).count()
        + fromTwo.stream().filter(p -> p).count();
    assertThat(permitted).isEqualTo(25);
  }

  @Test
  void aCallerWaitsForTheNextWindowWhenItsDeadlineAllows(Vertx vertx) throws Exception {
    ClusterCeilings ceilings = new ClusterCeilings(vertx, new CeilingLeases(database));

    List<Boolean> permits = on(vertx.getOrCreateContext(),
        () -> burst(ceilings, "test:next", 1, 1, 3, i -> in(GENEROUS)));

    assertThat(permits).containsExactly(true, true, true);
  }

  @Test
  void aCallerThatCannotWaitForTheNextWindowIsToldSo(Vertx vertx) throws Exception {
    ClusterCeilings ceilings = new ClusterCeilings(vertx, new CeilingLeases(database));

    List<Boolean> permits = on(vertx.getOrCreateContext(),
        () -> burst(ceilings, "test:impatient", 2, LONG_PERIOD, 5, i -> in(Duration.ofSeconds(5))));

    assertThat(permits).containsExactly(true, true, false, false, false);
  }

  @Test
  void withoutTheDatabaseNoPermitIsGiven() throws Exception {
    Vertx isolated = Vertx.vertx();
    try (ServerSocket closed = new ServerSocket(0)) {
      int port = closed.getLocalPort();
      closed.close();
      Database nowhere = PgPools.shared(isolated,
          DatabaseUrl.local(port, "postgres", "postgres").withQueryTimeout(Duration.ofSeconds(1)), 1);
      ClusterCeilings ceilings = new ClusterCeilings(isolated, new CeilingLeases(nowhere));

      assertThatThrownBy(() -> on(isolated.getOrCreateContext(),
          () -> ceilings.acquire("test:down", 10, LONG_PERIOD, in(GENEROUS))))
          .isInstanceOf(ExecutionException.class)
          .cause().isInstanceOfSatisfying(ConduitException.class,
              e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
    } finally {
      isolated.close().await();
    }
  }

  private interface Checked<T> {
    T get() throws Exception;
  }

  private static <T> T uncheck(Checked<T> call) {
    try {
      return call.get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
