package dev.conduit.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.core.bus.NotifyClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.config.WebhooksConfig;
import dev.conduit.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The NotifyVerticle deployed alone, wired as in production, with a real VaultVerticle beside it on the bus: an
 * event wakes it at once (its poll is far longer than the test waits), it answers URL checks, and undeploying it
 * lets a delivery in flight finish and be recorded.
 */
@ExtendWith(VertxExtension.class)
class NotifyVerticleTest {

  private static final String OWNER = "bob";
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** Longer than any wait here: a delivery that goes out within {@link #PATIENCE} was woken, not polled for. */
  private static final Duration POLL = Duration.ofMinutes(5);

  private TestVault vault;
  private TestReceiver receiver;

  @BeforeAll
  static void database() {
    TestDatabase.url();
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    TestDatabase.truncateAll();
    vault = result(TestVault.deploy(vertx));
    receiver = result(TestReceiver.http(vertx));
  }

  private static NotifyVerticle notifyVerticle() {
    WebhooksConfig config = new WebhooksConfig(true, true, List.of(), Duration.ofSeconds(30),
        List.of(Duration.ofHours(1)), POLL, 4, Duration.ofDays(30),
        Duration.ofHours(24));
    return new NotifyVerticle(new NotifyDependencies(config, TestDatabase.url(), 4, new SimpleMeterRegistry()));
  }

  @Test
  void anEventQueuedAfterStartIsDeliveredWhenTheBusWakesTheVerticle(Vertx vertx) throws Exception {
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER, receiver.url("/hooks")));
    result(vertx.deployVerticle(notifyVerticle()));

    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    new NotifyClient(vertx.eventBus()).wake();

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).status().equals("delivered"));
    assertThat(receiver.received()).singleElement().satisfies(request -> {
      assertThat(request.header("webhook-id")).isEqualTo(eventId);
      assertThat(SignatureCheck.verifies(endpoint.secret(), eventId, request.header("webhook-timestamp"),
          request.body(), request.header("webhook-signature"))).isTrue();
    });
  }

  @Test
  void urlChecksAreAnsweredWithTheGuardsVerdict(Vertx vertx) throws Exception {
    result(vertx.deployVerticle(notifyVerticle()));
    NotifyClient notify = new NotifyClient(vertx.eventBus());

    assertThat(result(notify.checkUrl(receiver.url("/hooks"))).allowed()).isTrue();
    WebhookRequest.UrlVerdict metadata = result(notify.checkUrl("http://169.254.169.254/latest/meta-data"));
    assertThat(metadata.allowed()).isFalse();
    assertThat(metadata.reason()).contains("link-local");
  }

  @Test
  void undeployingWaitsForTheDeliveryInFlightAndLeavesNothingClaimed(Vertx vertx) throws Exception {
    Promise<Void> release = Promise.promise();
    receiver.answers(TestReceiver.Answer.held(release.future(), 202));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER, receiver.url("/slow")));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    String deployment = result(vertx.deployVerticle(notifyVerticle()));
    await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);

    Future<Void> undeployed = vertx.undeploy(deployment);
    assertThat(undeployed.isComplete()).as("stopping waits for the receiver's answer").isFalse();
    release.complete();
    result(undeployed);

    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.status()).isEqualTo("delivered");
    assertThat(delivery.lastStatusCode()).isEqualTo(202);
    assertThat(delivery.leaseUntil()).isNull();
    assertThat(TestOutbox.claimed()).isZero();
  }

  /** The future's result, waited for on the test thread (never an event loop), or its failure thrown. */
  private static <T> T result(Future<T> future) throws Exception {
    return future.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }
}
