package dev.conduit.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.SelfSignedCertificate;
import io.vertx.junit5.VertxExtension;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The dispatcher on its own, below the whole server: a real PostgreSQL outbox, a real VaultVerticle opening the
 * signing secrets over the event bus, and real receivers on loopback (plain HTTP, and HTTPS with SNI). What is
 * asserted is what an owner would notice: what the receiver got, and what the outbox recorded.
 */
@ExtendWith(VertxExtension.class)
class DeliveryDispatcherTest {

  private static final String OWNER = "alice";
  /**
   * Generous: the first TLS handshake of a cold JVM takes seconds, many more on a busy machine; waiting this long
   * only costs time when something is broken.
   */
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  /** The name the HTTPS receiver's certificate is for; no DNS knows it (.test is reserved). */
  private static final String HOOKS_HOST = "hooks.test";

  private static SelfSignedCertificate certificate;
  private TestVault vault;
  private TestReceiver receiver;

  @BeforeAll
  static void prepare() {
    TestDatabase.url();
    certificate = SelfSignedCertificate.create(HOOKS_HOST);
  }

  @AfterAll
  static void removeCertificate() {
    certificate.delete();
  }

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    TestDatabase.truncateAll();
    vault = result(TestVault.deploy(vertx));
    receiver = result(TestReceiver.http(vertx));
  }

  // --- outcomes of one attempt ----------------------------------------------------------------------------------

  @Test
  void aPendingDeliveryIsSentOnceSignedWithTheEndpointsSecretAndRecordedAsDelivered(Vertx vertx) throws Exception {
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER, receiver.url("/hooks/conduit?tenant=7")));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    Instant before = Instant.now();

    result(vertx.deployVerticle(new TestDispatcher(TestDispatcher.Settings.defaults())));

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).status().equals("delivered"));
    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastStatusCode()).isEqualTo(204);
    assertThat(delivery.lastError()).isNull();
    assertThat(delivery.deliveredAt()).isNotNull();
    assertThat(delivery.leaseUntil()).as("the claim is given back").isNull();
    assertThat(TestOutbox.attemptRows(delivery.id())).isEqualTo(1);

    List<TestReceiver.Received> received = receiver.received();
    assertThat(received).hasSize(1);
    TestReceiver.Received request = received.get(0);
    assertThat(request.path()).isEqualTo("/hooks/conduit?tenant=7");
    assertThat(request.body()).isEqualTo(TestOutbox.payload(eventId));
    assertThat(request.header("content-type")).isEqualTo("application/json");
    assertThat(request.header("webhook-id")).isEqualTo(eventId);
    long timestamp = Long.parseLong(request.header("webhook-timestamp"));
    assertThat(timestamp).isBetween(before.getEpochSecond() - 1, Instant.now().getEpochSecond() + 1);
    assertThat(SignatureCheck.verifies(endpoint.secret(), eventId, request.header("webhook-timestamp"),
        request.body(), request.header("webhook-signature"))).isTrue();
    String anotherSecret = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
    assertThat(SignatureCheck.verifies(anotherSecret, eventId, request.header("webhook-timestamp"), request.body(),
        request.header("webhook-signature"))).as("only the endpoint's own secret verifies").isFalse();
  }

  @Test
  void aFailedAttemptIsRecordedAndTheDeliveryWaitsForItsNextTurnOnTheSchedule(Vertx vertx) throws Exception {
    receiver.answers(TestReceiver.Answer.status(500));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER, receiver.url("/hooks")));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    Instant before = Instant.now();

    result(vertx.deployVerticle(new TestDispatcher(TestDispatcher.Settings.defaults())));

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).attempts() == 1);
    Instant after = Instant.now();
    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.status()).isEqualTo("pending");
    assertThat(delivery.lastStatusCode()).isEqualTo(500);
    assertThat(delivery.lastError()).isEqualTo("the receiver answered HTTP 500");
    assertThat(delivery.leaseUntil()).isNull();
    // the schedule's one wait is an hour, with ±10 % jitter
    assertThat(delivery.nextAttemptAt()).isBetween(before.plus(Duration.ofMinutes(54)),
        after.plus(Duration.ofMinutes(66)));
    assertThat(TestOutbox.endpoint(endpoint.endpoint().id()).status()).isEqualTo("active");
    assertThat(receiver.received()).hasSize(1);
  }

  @Test
  void aReceiversRetryAfterPushesTheNextAttemptLater(Vertx vertx) throws Exception {
    receiver.answers(TestReceiver.Answer.withHeader(503, "Retry-After", "7200"));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER, receiver.url("/hooks")));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    Instant before = Instant.now();

    result(vertx.deployVerticle(new TestDispatcher(TestDispatcher.Settings.defaults())));

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).attempts() == 1);
    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.status()).isEqualTo("pending");
    assertThat(delivery.lastStatusCode()).isEqualTo(503);
    assertThat(delivery.nextAttemptAt()).isAfterOrEqualTo(before.plus(Duration.ofHours(2)));
  }

  @Test
  void aReceiverAnswering410GoneDisablesItsEndpointAndTheDeliveryFails(Vertx vertx) throws Exception {
    receiver.answers(TestReceiver.Answer.status(410));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER, receiver.url("/hooks")));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));

    result(vertx.deployVerticle(new TestDispatcher(TestDispatcher.Settings.defaults())));

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).status().equals("failed"));
    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastStatusCode()).isEqualTo(410);
    assertThat(delivery.nextAttemptAt()).as("no retry").isNull();
    // recorded together with the failed delivery: an owner never sees the failure while the endpoint looks active
    assertThat(TestOutbox.endpoint(endpoint.endpoint().id()).status()).isEqualTo("disabled");
    assertThat(TestOutbox.endpoint(endpoint.endpoint().id()).statusReason()).contains("410");
    assertThat(receiver.received()).hasSize(1);
  }

  // --- stopping -------------------------------------------------------------------------------------------------

  @Test
  void stoppingWhileAReceiverIsStillAnsweringLetsTheAttemptFinishAndBeRecorded(Vertx vertx) throws Exception {
    Promise<Void> release = Promise.promise();
    receiver.answers(TestReceiver.Answer.held(release.future(), 200));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER, receiver.url("/slow")));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    String deployment = result(vertx.deployVerticle(new TestDispatcher(TestDispatcher.Settings.defaults())));
    await().atMost(PATIENCE).until(() -> receiver.received().size() == 1);
    assertThat(TestOutbox.delivery(eventId).leaseUntil()).as("claimed while in flight").isNotNull();

    Future<Void> undeployed = vertx.undeploy(deployment);
    assertThat(undeployed.isComplete()).as("stopping waits for the receiver's answer").isFalse();
    release.complete();
    result(undeployed);

    // by the time stop has completed, the attempt is on record and the claim given back
    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.status()).isEqualTo("delivered");
    assertThat(delivery.attempts()).isEqualTo(1);
    assertThat(delivery.lastStatusCode()).isEqualTo(200);
    assertThat(delivery.leaseUntil()).isNull();
    assertThat(TestOutbox.attemptRows(delivery.id())).isEqualTo(1);
    assertThat(TestOutbox.claimed()).as("nothing stays claimed and forgotten").isZero();
  }

  // --- HTTPS to the checked address -----------------------------------------------------------------------------

  @Test
  void httpsGoesToTheCheckedAddressWithTheUrlsHostAsServerNameAndHostHeader(Vertx vertx) throws Exception {
    TestReceiver tls = result(TestReceiver.https(vertx, certificate));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER,
        "https://" + HOOKS_HOST + ":" + tls.port() + "/hooks"));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    TestDispatcher.Settings settings = TestDispatcher.Settings.defaults();

    result(vertx.deployVerticle(new TestDispatcher(settings.withResolver(DeliveryDispatcherTest::hooksOnLoopback)
        .withClient(WebhookSender.clientOptions(settings.timeout()).setTrustOptions(certificate.trustOptions())))));

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).status().equals("delivered"));
    List<TestReceiver.Received> received = tls.received();
    assertThat(received).hasSize(1);
    TestReceiver.Received request = received.get(0);
    // the name is known only to the guard's lookup: the connection reached the address the guard checked
    assertThat(request.localAddress()).isEqualTo("127.0.0.1");
    assertThat(request.serverName()).isEqualTo(HOOKS_HOST);
    assertThat(request.authorityHost()).isEqualTo(HOOKS_HOST);
    assertThat(request.header("host")).isEqualTo(HOOKS_HOST + ":" + tls.port());
    assertThat(SignatureCheck.verifies(endpoint.secret(), eventId, request.header("webhook-timestamp"),
        request.body(), request.header("webhook-signature"))).isTrue();
  }

  @Test
  void aCertificateTheClientDoesNotTrustIsAFailedHandshakeAndNothingIsSent(Vertx vertx) throws Exception {
    TestReceiver tls = result(TestReceiver.https(vertx, certificate));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER,
        "https://" + HOOKS_HOST + ":" + tls.port() + "/hooks"));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));

    // the production client settings, with the JVM's own trust: a self-signed certificate is not accepted
    result(vertx.deployVerticle(new TestDispatcher(TestDispatcher.Settings.defaults()
        .withResolver(DeliveryDispatcherTest::hooksOnLoopback))));

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).attempts() == 1);
    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.status()).isEqualTo("pending");
    assertThat(delivery.lastStatusCode()).isNull();
    assertThat(delivery.lastError()).isEqualTo("no answer: the TLS handshake failed");
    assertThat(tls.received()).isEmpty();
  }

  @Test
  void aCertificateForAnotherNameIsRefusedEvenAtTheCheckedAddress(Vertx vertx) throws Exception {
    TestReceiver tls = result(TestReceiver.https(vertx, certificate));
    WebhookRequest.Created endpoint = result(vault.createEndpoint(OWNER,
        "https://elsewhere.test:" + tls.port() + "/hooks"));
    String eventId = result(TestOutbox.queueTestEvent(vertx, OWNER, endpoint.endpoint().id()));
    TestDispatcher.Settings settings = TestDispatcher.Settings.defaults();

    result(vertx.deployVerticle(new TestDispatcher(settings
        .withResolver(host -> new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})})
        .withClient(WebhookSender.clientOptions(settings.timeout()).setTrustOptions(certificate.trustOptions())))));

    await().atMost(PATIENCE).until(() -> TestOutbox.delivery(eventId).attempts() == 1);
    TestOutbox.Delivery delivery = TestOutbox.delivery(eventId);
    assertThat(delivery.status()).isEqualTo("pending");
    assertThat(delivery.lastError()).isEqualTo("no answer: the TLS handshake failed");
    assertThat(tls.received()).isEmpty();
  }

  /** {@value #HOOKS_HOST} resolves to 127.0.0.1, as if DNS said so; any other name does not resolve. */
  private static InetAddress[] hooksOnLoopback(String host) throws UnknownHostException {
    if (!host.equals(HOOKS_HOST)) {
      throw new UnknownHostException(host);
    }
    return new InetAddress[] {InetAddress.getByAddress(host, new byte[] {127, 0, 0, 1})};
  }

  /** The future's result, waited for on the test thread (never an event loop), or its failure thrown. */
  private static <T> T result(Future<T> future) throws Exception {
    return future.await(PATIENCE.toSeconds(), TimeUnit.SECONDS);
  }
}
