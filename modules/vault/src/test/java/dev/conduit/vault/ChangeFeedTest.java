package dev.conduit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.CredentialRepository;
import dev.conduit.store.TestDatabase;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ChangeFeedTest {

  private Vertx vertx;
  private final Set<UUID> heard = ConcurrentHashMap.newKeySet();
  private final AtomicInteger gaps = new AtomicInteger();
  private ChangeFeed feed;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    feed = new ChangeFeed(vertx, TestDatabase.url(), heard::add, gaps::incrementAndGet);
    onLoop(() -> feed.start());
  }

  @AfterEach
  void stop() throws Exception {
    onLoop(() -> feed.close());
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /**
   * The change is committed while the feed's event loop is busy, so its notification is still unread in the
   * socket when the barrier is asked for: only a barrier that waits for the listener to catch up sees it.
   */
  @Test
  void theBarrierCompletesOnlyAfterEveryEarlierChangeWasHeard() throws Exception {
    for (int i = 0; i < 20; i++) {
      UUID changed = UUID.randomUUID();
      java.util.concurrent.CompletableFuture<Boolean> heardAtBarrier = new java.util.concurrent.CompletableFuture<>();
      vertx.runOnContext(v -> {
        notifyChange(changed);
        sleep(20);
        feed.barrier().onComplete(done -> heardAtBarrier.complete(heard.contains(changed)));
      });

      assertThat(heardAtBarrier.get(10, TimeUnit.SECONDS)).as("change " + i + " heard at the barrier").isTrue();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void concurrentWaitersShareRoundTripsAndAllComplete() throws Exception {
    List<io.vertx.core.Future<Void>> waiters = new ArrayList<>();
    vertx.runOnContext(v -> {
      for (int i = 0; i < 500; i++) {
        waiters.add(feed.barrier());
      }
    });
    Thread.sleep(200);
    for (io.vertx.core.Future<Void> waiter : new ArrayList<>(waiters)) {
      waiter.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    assertThat(waiters).hasSize(500);
  }

  @Test
  void losingTheConnectionIsReportedAndRepaired() throws Exception {
    TestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
        + ChangeFeed.APPLICATION_NAME + "'");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (gaps.get() < 2 && System.nanoTime() < deadline) {
      Thread.sleep(50);
    }
    assertThat(gaps.get()).as("lost, then re-listening").isGreaterThanOrEqualTo(2);

    UUID changed = UUID.randomUUID();
    notifyChange(changed);
    onLoop(() -> feed.barrier());
    assertThat(heard).contains(changed);
  }

  private static void notifyChange(UUID id) {
    TestDatabase.execute("SELECT pg_notify('" + CredentialRepository.CHANGES_CHANNEL + "', '" + id + "')");
  }

  /** Runs a feed call on a Vert.x context (the feed belongs to one) and waits for its future. */
  private void onLoop(java.util.function.Supplier<io.vertx.core.Future<Void>> call) throws Exception {
    java.util.concurrent.CompletableFuture<Void> done = new java.util.concurrent.CompletableFuture<>();
    vertx.runOnContext(v -> call.get().onComplete(r -> {
      if (r.succeeded()) {
        done.complete(null);
      } else {
        done.completeExceptionally(r.cause());
      }
    }));
    done.get(10, TimeUnit.SECONDS);
  }
}
