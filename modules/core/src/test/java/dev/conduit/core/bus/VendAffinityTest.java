package dev.conduit.core.bus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A vend asked on an event loop with a vault instance is answered by that instance, on that thread. */
class VendAffinityTest {

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** Registers as the VaultVerticle does: the shared address and its loop's own; answers with its thread. */
  private static final class StandInVault extends VerticleBase {
    @Override
    public Future<?> start() {
      return Future.all(
          vertx.eventBus().consumer(Addresses.VAULT_VEND, m -> m.reply(Thread.currentThread().getName())).completion(),
          vertx.eventBus().consumer(VendAffinity.claim(vertx), m -> m.reply(Thread.currentThread().getName()))
              .completion());
    }

    @Override
    public Future<?> stop() {
      VendAffinity.release(vertx);
      return Future.succeededFuture();
    }
  }

  /** Asks from each of {@code callers} contexts; the caller's thread and the answering thread, per call. */
  private List<String[]> askFromEachLoop(int callers) throws Exception {
    List<Future<String[]>> asked = new ArrayList<>();
    for (int i = 0; i < callers; i++) {
      Promise<String[]> answer = Promise.promise();
      // a context of its own per caller: Vert.x hands them out over the event loops in turn
      Context context = ((VertxInternal) vertx).createEventLoopContext();
      context.runOnContext(v -> {
        String caller = Thread.currentThread().getName();
        vertx.eventBus().<String>request(VendAffinity.vendAddress(vertx), "vend")
            .map(reply -> new String[] {caller, reply.body()})
            .onComplete(answer);
      });
      asked.add(answer.future());
    }
    List<String[]> pairs = new ArrayList<>();
    for (Future<String[]> one : asked) {
      pairs.add(one.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS));
    }
    return pairs;
  }

  @Test
  void withAVaultInstanceOnEveryLoopEachVendIsAnsweredOnItsCallersThread() throws Exception {
    vertx.deployVerticle(StandInVault::new, new DeploymentOptions().setInstances(2))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    List<String[]> pairs = askFromEachLoop(6);

    assertThat(pairs).allSatisfy(pair -> assertThat(pair[1]).isEqualTo(pair[0]));
    assertThat(pairs.stream().map(pair -> pair[0]).distinct()).hasSize(2);
  }

  @Test
  void aCallerOnALoopWithoutAVaultInstanceUsesTheSharedAddress() throws Exception {
    String deployment = vertx.deployVerticle(StandInVault::new, new DeploymentOptions().setInstances(1))
        .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);

    List<String[]> pairs = askFromEachLoop(4);
    // every call is answered, by the one instance; half of them came from the other loop
    assertThat(pairs).hasSize(4).allSatisfy(pair -> assertThat(pair[1]).isEqualTo(pairs.get(0)[1]));
    assertThat(pairs).anySatisfy(pair -> assertThat(pair[0]).isNotEqualTo(pair[1]));

    vertx.undeploy(deployment).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    assertThat(vertx.sharedData().getLocalMap("conduit.vault.vend-loops")).isEmpty();
  }
}
