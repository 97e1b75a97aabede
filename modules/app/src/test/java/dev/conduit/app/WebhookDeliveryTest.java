package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhook delivery end to end: connection events written to the outbox, delivered by the NotifyVerticle to a real
 * receiver on loopback, signed, retried, recorded — with short retry waits so a whole schedule fits in a test.
 */
class WebhookDeliveryTest {

  @TempDir
  static Path connectors;
  private static FakeProvider provider;
  private static WebhookReceiver receiver;
  private static TestConduit conduit;
  private static final List<ConnectionEvent> reauthorized = new CopyOnWriteArrayList<>();
  /** Far above a loopback answer on a loaded machine; a receiver that is meant to be too slow takes twice this. */
  private static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(3);
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  @BeforeAll
  static void start() {
    provider = new FakeProvider();
    receiver = new WebhookReceiver();
    conduit = TestConduit.start(environment());
    conduit.server.vertx().eventBus().<ConnectionEvent>consumer(Addresses.CONNECTION_REAUTHORIZED,
        message -> reauthorized.add(message.body()));
  }

  private static Map<String, String> environment() {
    Map<String, String> environment = ProviderEnvironment.of(provider, connectors, "PT1H");
    environment.putAll(WebhookReceiver.lenientWebhooks("PT0.3S,PT0.3S,PT0.3S,PT0.3S"));
    environment.put("CONDUIT_WEBHOOKS_TIMEOUT", WEBHOOK_TIMEOUT.toString());
    return environment;
  }

  @AfterAll
  static void stop() {
    conduit.close();
    receiver.close();
    provider.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
    provider.reset();
    receiver.reset();
    reauthorized.clear();
  }

  // --- the happy path -------------------------------------------------------------------------------------------

  @Test
  void aNeedsReauthEventIsDeliveredOnceSignedSoThatAnIndependentVerifierAcceptsIt() {
    JsonObject webhook = createWebhook(alice, receiver.url("/hooks/conduit"), "connection.needs_reauth");
    String secret = webhook.getJsonObject("attributes").getString("secret");
    String connectionId = needsReauth(alice);

    List<WebhookReceiver.Received> received = receiver.await(1);

    assertThat(receivedBeforeAMarker()).as("no second copy follows").hasSize(1);
    WebhookReceiver.Received delivery = received.get(0);
    assertThat(delivery.path()).isEqualTo("/hooks/conduit");
    assertThat(delivery.header("content-type")).isEqualTo("application/json");
    String eventId = Sql.rows("SELECT id FROM webhook_events WHERE connection_id = '" + connectionId + "'"
        + " AND type = 'connection.needs_reauth'").get(0);
    assertThat(delivery.header("webhook-id")).isEqualTo(eventId);
    long timestamp = Long.parseLong(delivery.header("webhook-timestamp"));
    assertThat(Math.abs(timestamp - Instant.now().getEpochSecond())).isLessThan(30);
    assertThat(SignatureVerifier.verifies(secret, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
        delivery.body(), delivery.header("webhook-signature"))).isTrue();
    assertThat(SignatureVerifier.verifies(secret, delivery.header("webhook-id"), delivery.header("webhook-timestamp"),
        delivery.body() + " ", delivery.header("webhook-signature"))).isFalse();

    JsonObject body = new JsonObject(delivery.body());
    assertThat(body.getString("type")).isEqualTo("connection.needs_reauth");
    assertThat(Instant.parse(body.getString("timestamp"))).isCloseTo(Instant.now(), org.assertj.core.api.Assertions
        .within(30, java.time.temporal.ChronoUnit.SECONDS));
    JsonObject data = body.getJsonObject("data");
    assertThat(data.getString("connectionId")).isEqualTo(connectionId);
    assertThat(data.getString("owner")).isEqualTo("alice");
    assertThat(data.getString("connector")).isEqualTo("acme");
    assertThat(data.getString("status")).isEqualTo("needs_reauth");
    assertThat(data.getString("reason")).isEqualTo("invalid_grant");
    assertThat(data.getLong("sequence")).as("after the first deposit's connection.connected").isEqualTo(2);

    JsonObject listed = awaitDelivery(alice, webhook.getString("id"), d -> "delivered".equals(d.getString("status")));
    assertThat(listed.getString("eventType")).isEqualTo("connection.needs_reauth");
    assertThat(listed.getString("eventId")).isEqualTo(eventId);
    assertThat(listed.getInteger("attempts")).isEqualTo(1);
    assertThat(listed.getInteger("lastStatusCode")).isEqualTo(200);
    assertThat(listed.getString("deliveredAt")).isNotNull();
    assertThat(listed.getString("nextAttemptAt")).isNull();

    String metrics = conduit.get("/metrics").body();
    assertThat(metrics).containsPattern("conduit_webhook_deliveries_total\\{outcome=\"delivered\"} [1-9]")
        .contains("conduit_webhook_attempt_duration_seconds_count", "conduit_webhook_backlog ",
            "conduit_webhook_backlog_oldest_seconds ");
  }

  @Test
  void theIndependentVerifierAcceptsTheSpecificationsPublishedTestVector() {
    // from the Standard Webhooks specification's reference test vector
    assertThat(SignatureVerifier.verifies("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "1614265330", "{\"test\": 2432232314}", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isTrue();
    assertThat(SignatureVerifier.verifies("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek",
        "1614265331", "{\"test\": 2432232314}", "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).isFalse();
  }

  @Test
  void onlySubscribedEventTypesAreDeliveredAndEachEndpointGetsItsOwnCopy() {
    createWebhook(alice, receiver.url("/a"), "connection.needs_reauth");
    createWebhook(alice, receiver.url("/b"), "connection.needs_reauth", "connection.revoked");
    createWebhook(alice, receiver.url("/c"), "connection.revoked");
    createWebhook(bob, receiver.url("/bob"), "connection.needs_reauth");

    needsReauth(alice);

    List<WebhookReceiver.Received> received = receiver.await(2);
    assertThat(receivedBeforeAMarker()).extracting(WebhookReceiver.Received::path)
        .containsExactlyInAnyOrder("/a", "/b");
    assertThat(received).extracting(r -> r.header("webhook-id")).containsOnly(received.get(0).header("webhook-id"));
  }

  @Test
  void reauthorizationAndRevocationAreEventsWithAGrowingSequence() {
    createWebhook(alice, receiver.url("/all"), "connection.needs_reauth", "connection.reauthorized",
        "connection.revoked");
    String id = needsReauth(alice);
    receiver.await(1);

    assertThat(conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"fresh-at\",\"expiresIn\":3600}")
        .status()).isEqualTo(200);
    receiver.await(2);
    assertThat(conduit.call("POST", "/api/connections/" + id + "/revoke", alice, null).status()).isEqualTo(200);

    List<WebhookReceiver.Received> received = receiver.await(3);
    assertThat(received).hasSize(3);
    List<JsonObject> bodies = received.stream().map(r -> new JsonObject(r.body())).toList();
    assertThat(bodies).extracting(b -> b.getString("type"))
        .containsExactly("connection.needs_reauth", "connection.reauthorized", "connection.revoked");
    // sequence 1 is the connection.connected of the first deposit, which this endpoint did not subscribe to
    assertThat(bodies).extracting(b -> b.getJsonObject("data").getLong("sequence")).containsExactly(2L, 3L, 4L);
    assertThat(bodies).extracting(b -> b.getJsonObject("data").getString("status"))
        .containsExactly("needs_reauth", "active", "revoked");
    assertThat(reauthorized).extracting(ConnectionEvent::connectionId).containsExactly(java.util.UUID.fromString(id));
  }

  @Test
  void deletingAConnectionIsAnEventNumberedAfterItsOthers() {
    createWebhook(alice, receiver.url("/deleted-events"), "connection.revoked", "connection.deleted");
    String id = conduit.createConnection(alice, "acme");
    assertThat(conduit.call("POST", "/api/connections/" + id + "/revoke", alice, null).status()).isEqualTo(200);

    assertThat(conduit.call("DELETE", "/api/connections/" + id, alice, null).status()).isEqualTo(204);

    List<WebhookReceiver.Received> received = receiver.await(2);
    List<JsonObject> bodies = received.stream().map(r -> new JsonObject(r.body())).toList();
    assertThat(bodies).extracting(body -> body.getString("type"))
        .containsExactlyInAnyOrder("connection.revoked", "connection.deleted");
    JsonObject revoked = bodies.stream().filter(b -> b.getString("type").equals("connection.revoked")).findFirst()
        .orElseThrow().getJsonObject("data");
    JsonObject deleted = bodies.stream().filter(b -> b.getString("type").equals("connection.deleted")).findFirst()
        .orElseThrow().getJsonObject("data");
    assertThat(deleted.getString("connectionId")).isEqualTo(id);
    assertThat(deleted.getString("connector")).isEqualTo("acme");
    assertThat(deleted.containsKey("status")).isFalse();
    assertThat(deleted.getLong("sequence")).isGreaterThan(revoked.getLong("sequence"));
  }

  @Test
  void noWebhookBodyLogLineOrApiAnswerCarriesTokenMaterial() {
    String access = "canary-access-7f3a9c";
    String refresh = "canary-refresh-1b2c3d";
    String fresh = "canary-fresh-access-9e8d";
    try (LogCapture log = new LogCapture()) {
      JsonObject webhook = createWebhook(alice, receiver.url("/hygiene"), "connection.needs_reauth",
          "connection.reauthorized", "connection.revoked", "webhook.test");
      String secret = webhook.getJsonObject("attributes").getString("secret");
      provider.always(FakeProvider.Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\""
          + refresh + " is revoked\"}"));
      String id = conduit.createConnection(alice, "acme");
      conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"" + access + "\",\"refreshToken\":\""
          + refresh + "\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
      assertThat(conduit.vend(alice, id).status()).isEqualTo(409);
      receiver.await(1);
      conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"" + fresh + "\",\"expiresIn\":3600}");
      receiver.await(2);
      conduit.call("POST", "/api/connections/" + id + "/revoke", alice, null);
      test(alice, webhook.getString("id"));
      List<WebhookReceiver.Received> received = receiver.await(4);
      assertThat(received).hasSize(4);

      StringBuilder seen = new StringBuilder(log.text());
      received.forEach(r -> seen.append(r.body()).append(r.headers()));
      seen.append(conduit.call("GET", "/api/webhooks/" + webhook.getString("id") + "/deliveries", alice, null).body());
      seen.append(conduit.call("GET", "/api/webhooks", alice, null).body());
      seen.append(Sql.rows("SELECT payload FROM webhook_events"));
      for (String canary : List.of(access, refresh, fresh, secret, secret.substring("whsec_".length()))) {
        assertThat(seen.toString()).doesNotContain(canary);
      }
    }
  }

  // --- retries --------------------------------------------------------------------------------------------------

  @Test
  void aReceiverThatFailsTwiceGetsTheEventOnTheThirdAttemptWithTheSameWebhookId() {
    JsonObject webhook = createWebhook(alice, receiver.url("/flaky"), "connection.needs_reauth");
    receiver.answers(FakeProvider.Answer.json(500, "{}"), FakeProvider.Answer.json(503, ""));

    needsReauth(alice);

    List<WebhookReceiver.Received> received = receiver.await(3);
    assertThat(receivedBeforeAMarker()).hasSize(3);
    assertThat(received).extracting(r -> r.header("webhook-id")).containsOnly(received.get(0).header("webhook-id"));
    assertThat(received).extracting(WebhookReceiver.Received::body).containsOnly(received.get(0).body());
    assertThat(Duration.between(received.get(0).at(), received.get(1).at())).isGreaterThan(Duration.ofMillis(200));
    JsonObject delivery = awaitDelivery(alice, webhook.getString("id"), d -> "delivered".equals(d.getString("status")));
    assertThat(delivery.getInteger("attempts")).isEqualTo(3);
    JsonArray history = delivery.getJsonArray("history");
    assertThat(history.stream().map(a -> ((JsonObject) a).getInteger("statusCode")).toList())
        .containsExactly(500, 503, 200);
    assertThat(history.stream().map(a -> ((JsonObject) a).getInteger("attempt")).toList()).containsExactly(1, 2, 3);
    assertThat(history.getJsonObject(0).getString("error")).isEqualTo("the receiver answered HTTP 500");
    assertThat(history.getJsonObject(2).getString("error")).isNull();
    assertThat(history.getJsonObject(2).getInteger("durationMs")).isBetween(0, (int) WEBHOOK_TIMEOUT.toMillis());
    assertThat(Instant.parse(history.getJsonObject(0).getString("at"))).isBefore(Instant.now().plusSeconds(1));
  }

  @Test
  void aRedirectIsAFailureAndIsNotFollowed() {
    JsonObject webhook = createWebhook(alice, receiver.url("/moved"), "webhook.test");
    receiver.answers(FakeProvider.Answer.json(302, "").withHeader("Location", receiver.url("/elsewhere")));

    test(alice, webhook.getString("id"));

    List<WebhookReceiver.Received> received = receiver.await(2);
    assertThat(received).extracting(WebhookReceiver.Received::path).containsExactly("/moved", "/moved");
    assertThat(Sql.rows("SELECT status_code::text FROM webhook_attempts ORDER BY attempt")).startsWith("302");
  }

  @Test
  void retryAfterIsHonoured() {
    JsonObject webhook = createWebhook(alice, receiver.url("/busy"), "webhook.test");
    receiver.answers(FakeProvider.Answer.json(429, "").withHeader("Retry-After", "2"));

    test(alice, webhook.getString("id"));

    List<WebhookReceiver.Received> received = receiver.await(2);
    assertThat(received).hasSize(2);
    assertThat(Duration.between(received.get(0).at(), received.get(1).at())).isGreaterThan(Duration.ofMillis(1900));
  }

  @Test
  void aReceiverThatDoesNotAnswerInTimeIsRetried() {
    JsonObject webhook = createWebhook(alice, receiver.url("/slow"), "webhook.test");
    receiver.answers(FakeProvider.Answer.json(200, "").delayed(WEBHOOK_TIMEOUT.multipliedBy(2).toMillis()));

    test(alice, webhook.getString("id"));

    awaitDelivery(alice, webhook.getString("id"), d -> "delivered".equals(d.getString("status")));
    List<String> attempts = Sql.rows("SELECT coalesce(status_code::text, error) FROM webhook_attempts ORDER BY attempt");
    assertThat(attempts).hasSize(2);
    assertThat(attempts.get(0)).isEqualTo("no answer: timed out");
    assertThat(attempts.get(1)).isEqualTo("200");
  }

  @Test
  void aDeliveryThatUsesUpItsScheduleFailsAndMarksItsEndpointFailed() {
    JsonObject webhook = createWebhook(alice, receiver.url("/down"), "webhook.test");
    for (int i = 0; i < 10; i++) {
      receiver.answers(FakeProvider.Answer.json(500, ""));
    }

    test(alice, webhook.getString("id"));

    JsonObject delivery = awaitDelivery(alice, webhook.getString("id"), d -> "failed".equals(d.getString("status")));
    assertThat(delivery.getInteger("attempts")).isEqualTo(5);
    assertThat(delivery.getInteger("lastStatusCode")).isEqualTo(500);
    assertThat(receiver.received()).hasSize(5);
    assertThat(webhookStatus(alice, webhook.getString("id"))).isEqualTo("failed");

    // the owner's redelivery puts it back into service with a fresh schedule, same webhook-id
    String deliveryId = delivery.getString("id");
    receiver.reset();
    assertThat(conduit.call("POST", "/api/webhooks/" + webhook.getString("id") + "/deliveries/" + deliveryId
        + "/redeliver", alice, null).status()).isEqualTo(202);
    JsonObject again = awaitDelivery(alice, webhook.getString("id"), d -> "delivered".equals(d.getString("status")));
    assertThat(again.getInteger("attempts")).isEqualTo(6);
    assertThat(receiver.received()).singleElement()
        .satisfies(r -> assertThat(r.header("webhook-id")).isEqualTo(delivery.getString("eventId")));
    assertThat(webhookStatus(alice, webhook.getString("id"))).isEqualTo("active");
  }

  @Test
  void aGoneAnswerDisablesTheEndpointUntilTheOwnerTestsIt() {
    JsonObject webhook = createWebhook(alice, receiver.url("/gone"), "connection.needs_reauth", "webhook.test");
    receiver.answers(FakeProvider.Answer.json(410, ""));

    test(alice, webhook.getString("id"));
    awaitDelivery(alice, webhook.getString("id"), d -> "failed".equals(d.getString("status")));
    assertThat(webhookStatus(alice, webhook.getString("id"))).isEqualTo("disabled");

    needsReauth(alice);
    // the event was written with its deliveries in one transaction, before the vend answered: none is for this endpoint
    assertThat(Sql.count("SELECT count(*) FROM webhook_events WHERE type = 'connection.needs_reauth'")).isEqualTo(1);
    assertThat(Sql.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '" + webhook.getString("id")
        + "'")).isEqualTo(1);
    assertThat(receivedBeforeAMarker()).hasSize(1);

    test(alice, webhook.getString("id"));
    Wait.patiently().until(() -> receiver.received().stream().filter(r -> r.path().equals("/gone")).count() == 2);
    assertThat(webhookStatus(alice, webhook.getString("id"))).isEqualTo("active");
  }

  @Test
  void anEndpointTakenOutOfServiceHoldsItsDeliveriesUntilItIsBack() {
    String id = createWebhook(alice, receiver.url("/paused"), "webhook.test").getString("id");
    receiver.answersAt("/paused", FakeProvider.Answer.json(500, ""));
    receiver.holdAnswers();
    test(alice, id);
    receiver.awaitPath("/paused");

    TestConduit.Response paused = patch(id, "{\"enabled\":false}");
    receiver.releaseAnswers();

    assertThat(paused.status()).as(paused.body()).isEqualTo(200);
    assertThat(paused.json().getJsonObject("data").getJsonObject("attributes").getString("status"))
        .isEqualTo("disabled");
    assertThat(paused.json().getJsonObject("data").getJsonObject("meta").getString("statusReason"))
        .isEqualTo("disabled by its owner");
    awaitDelivery(alice, id, d -> d.getInteger("attempts") == 1);
    // its retry was due long before the marker's second attempt, and was held
    assertThat(receivedBeforeAMarker()).extracting(WebhookReceiver.Received::path).containsExactly("/paused");
    assertThat(newestDelivery(alice, id).getString("status")).isEqualTo("pending");

    assertThat(patch(id, "{\"enabled\":true}").status()).isEqualTo(200);

    JsonObject delivered = awaitDelivery(alice, id, d -> "delivered".equals(d.getString("status")));
    assertThat(delivered.getInteger("attempts")).isEqualTo(2);
    List<WebhookReceiver.Received> sent = receiver.received().stream().filter(r -> r.path().equals("/paused")).toList();
    assertThat(sent).hasSize(2);
    assertThat(sent.get(1).header("webhook-id")).isEqualTo(sent.get(0).header("webhook-id"));
  }

  private TestConduit.Response patch(String webhookId, String attributes) {
    return conduit.call("PATCH", "/api/webhooks/" + webhookId, alice,
        "{\"data\":{\"type\":\"webhooks\",\"attributes\":" + attributes + "}}");
  }

  @Test
  void deletingAnEndpointStopsItsDeliveries() {
    JsonObject webhook = createWebhook(alice, receiver.url("/deleted"), "webhook.test");
    for (int i = 0; i < 10; i++) {
      receiver.answers(FakeProvider.Answer.json(500, ""));
    }
    test(alice, webhook.getString("id"));
    receiver.await(1);

    assertThat(conduit.call("DELETE", "/api/webhooks/" + webhook.getString("id"), alice, null).status())
        .isEqualTo(204);
    int seen = receiver.received().size();

    // at most the one already in flight; no retry
    assertThat(receivedBeforeAMarker().size()).isLessThanOrEqualTo(seen + 1);
    assertThat(Sql.count("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '" + webhook.getString("id")
        + "'")).isZero();
  }

  @Test
  void theUrlIsCheckedAgainBeforeEachDelivery() {
    JsonObject webhook = createWebhook(alice, receiver.url("/moved-to-metadata"), "webhook.test");
    // as if the name now resolved to the metadata service
    TestDatabase.execute("UPDATE webhook_endpoints SET url = 'http://169.254.169.254/latest/meta-data/'");

    test(alice, webhook.getString("id"));

    JsonObject delivery = awaitDelivery(alice, webhook.getString("id"),
        d -> d.getInteger("attempts") >= 1);
    assertThat(delivery.getString("lastError")).startsWith("the URL is refused");
    assertThat(delivery.getInteger("lastStatusCode")).isNull();
    assertThat(receiver.received()).isEmpty();
  }

  // --- helpers --------------------------------------------------------------------------------------------------

  /** A connection of {@code owner} whose refresh token the provider has just declared dead. Returns its id. */
  private String needsReauth(String owner) {
    provider.always(FakeProvider.Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}"));
    String id = conduit.createConnection(owner, "acme");
    assertThat(conduit.deposit(owner, id, "{\"kind\":\"oauth2\",\"accessToken\":\"at-dead\",\"refreshToken\":\"rt-dead\","
        + "\"expiresAt\":\"2020-01-01T00:00:00Z\"}").status()).isEqualTo(200);
    assertThat(conduit.vend(owner, id).status()).isEqualTo(409);
    return id;
  }

  private JsonObject createWebhook(String token, String url, String... events) {
    return conduit.createWebhook(token, url, events);
  }

  /**
   * What the receiver got, other than the marker, by the time a marker has arrived twice: a {@code webhook.test}
   * event to an endpoint of its own whose first attempt fails, so its second comes a whole retry interval after
   * it was queued. The dispatcher takes due deliveries oldest first, so a copy or a retry of anything queued
   * earlier would have come by then. (Proving that nothing more comes at all would take forever.)
   */
  private List<WebhookReceiver.Received> receivedBeforeAMarker() {
    String path = "/marker-" + UUID.randomUUID();
    receiver.answersAt(path, FakeProvider.Answer.json(503, ""));
    test(alice, createWebhook(alice, receiver.url(path), "webhook.test").getString("id"));
    Wait.patiently().until(() -> receiver.received().stream().filter(r -> r.path().equals(path)).count() >= 2);
    return receiver.received().stream().filter(r -> !r.path().startsWith("/marker-")).toList();
  }

  private void test(String token, String webhookId) {
    assertThat(conduit.call("POST", "/api/webhooks/" + webhookId + "/test", token, null).status()).isEqualTo(202);
  }

  private String webhookStatus(String token, String webhookId) {
    return conduit.call("GET", "/api/webhooks/" + webhookId, token, null).json().getJsonObject("data")
        .getJsonObject("attributes").getString("status");
  }

  /** The endpoint's newest delivery once it matches, as listed by the deliveries endpoint (attributes and id). */
  private JsonObject awaitDelivery(String token, String webhookId, Predicate<JsonObject> condition) {
    return Wait.patiently().until(() -> newestDelivery(token, webhookId), d -> d != null && condition.test(d));
  }

  private JsonObject newestDelivery(String token, String webhookId) {
    JsonArray data = conduit.call("GET", "/api/webhooks/" + webhookId + "/deliveries", token, null).json()
        .getJsonArray("data");
    if (data.isEmpty()) {
      return null;
    }
    JsonObject resource = data.getJsonObject(0);
    return resource.getJsonObject("attributes").copy().put("id", resource.getString("id"));
  }
}
