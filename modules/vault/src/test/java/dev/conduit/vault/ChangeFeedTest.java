package dev.conduit.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.store.CredentialRepository;
import dev.conduit.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
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
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /**
   * The change is committed from the feed's own event loop (a blocking call there, on purpose), so its
   * notification cannot have been read when the barrier is asked for: only a barrier that waits for the listener
   * to catch up sees it.
   */
  @Test
  void theBarrierCompletesOnlyAfterEveryEarlierChangeWasHeard() throws Exception {
    for (int i = 0; i < 20; i++) {
      UUID changed = UUID.randomUUID();
      CompletableFuture<Boolean> heardAtBarrier = new CompletableFuture<>();
      vertx.runOnContext(v -> {
        notifyChange(changed);
        feed.barrier().onComplete(done -> heardAtBarrier.complete(heard.contains(changed)));
      });

      assertThat(heardAtBarrier.get(30, TimeUnit.SECONDS)).as("change " + i + " heard at the barrier").isTrue();
    }
  }

  @Test
  void concurrentWaitersShareRoundTripsAndAllComplete() throws Exception {
    CompletableFuture<List<Future<Void>>> asked = new CompletableFuture<>();
    vertx.runOnContext(v -> {
      List<Future<Void>> waiters = new ArrayList<>();
      for (int i = 0; i < 500; i++) {
        waiters.add(feed.barrier());
      }
      asked.complete(waiters);
    });

    List<Future<Void>> waiters = asked.get(30, TimeUnit.SECONDS);
    Future.all(waiters).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(waiters).hasSize(500).allMatch(Future::succeeded);
  }

  @Test
  void losingTheConnectionIsReportedAndRepaired() throws Exception {
    TestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
        + ChangeFeed.APPLICATION_NAME + "'");
    await("lost, then re-listening").atMost(Duration.ofSeconds(30)).until(() -> gaps.get() >= 2);

    UUID changed = UUID.randomUUID();
    notifyChange(changed);
    onLoop(() -> feed.barrier());
    assertThat(heard).contains(changed);
  }

  private static void notifyChange(UUID id) {
    TestDatabase.execute("SELECT pg_notify('" + CredentialRepository.CHANGES_CHANNEL + "', '" + id + "')");
  }

  /** Runs a feed call on a Vert.x context (the feed belongs to one) and waits for its future. */
  private void onLoop(Supplier<Future<Void>> call) throws Exception {
    CompletableFuture<Void> done = new CompletableFuture<>();
    vertx.runOnContext(v -> call.get().onComplete(r -> {
      if (r.succeeded()) {
        done.complete(null);
      } else {
        done.completeExceptionally(r.cause());
      }
    }));
    done.get(30, TimeUnit.SECONDS);
  }
}
