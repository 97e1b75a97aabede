package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/webhooks/{id}/rotate-secret} end to end: a receiver that still verifies with the replaced secret
 * and one that already verifies with the new secret both accept every delivery during the overlap (checked with
 * the Standard Webhooks library, as receivers would), and once the overlap is over only the new secret verifies.
 */
class WebhookSecretRotationTest {

  /** Not the default, so the answer's overlap end shows that the setting reaches the vault. */
  private static final Duration OVERLAP = Duration.ofHours(2);
  private static WebhookReceiver receiver;
  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  @BeforeAll
  static void start() {
    receiver = new WebhookReceiver();
    Map<String, String> environment = new HashMap<>(WebhookReceiver.lenientWebhooks("PT0.3S,PT0.3S"));
    environment.put("CONDUIT_WEBHOOKS_SECRET_OVERLAP", "2h");
    conduit = TestConduit.start(environment);
  }

  @AfterAll
  static void stop() {
    conduit.close();
    receiver.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
    receiver.reset();
  }

  @Test
  void duringTheOverlapReceiversWithTheOldOrTheNewSecretBothAcceptAndAfterItOnlyTheNewOne() throws Exception {
    JsonObject webhook = conduit.createWebhook(alice, receiver.url("/rotating"), "webhook.test");
    String id = webhook.getString("id");
    String old = webhook.getJsonObject("attributes").getString("secret");

    TestConduit.Response answer = rotate(alice, id);

    assertThat(answer.status()).as(answer.body()).isEqualTo(200);
    assertThat(answer.header("Cache-Control")).isEqualTo("no-store");
    JsonObject rotated = answer.json().getJsonObject("data");
    String fresh = rotated.getJsonObject("attributes").getString("secret");
    assertThat(fresh).matches("whsec_[A-Za-z0-9+/]{43}=").isNotEqualTo(old);
    assertThat(rotated.getString("id")).isEqualTo(id);
    assertThat(rotated.getJsonObject("attributes").getString("status")).isEqualTo("active");
    assertThat(Instant.parse(rotated.getJsonObject("meta").getString("previousSecretExpiresAt")))
        .isCloseTo(Instant.now().plus(OVERLAP), within(5, ChronoUnit.MINUTES));

    WebhookReceiver.Received during = deliverTest(id);
    assertThat(during.header("webhook-signature")).matches("v1,\\S+ v1,\\S+");
    assertThatCode(() -> verify(fresh, during)).as("a receiver that switched").doesNotThrowAnyException();
    assertThatCode(() -> verify(old, during)).as("a receiver that has not switched yet").doesNotThrowAnyException();
    assertThat(SignatureVerifier.verifies(fresh, during.header("webhook-id"), during.header("webhook-timestamp"),
        during.body(), during.header("webhook-signature").split(" ")[0])).as("the new secret's signature first")
        .isTrue();

    TestDatabase.execute("UPDATE webhook_endpoints SET previous_secret_until = now() - interval '1 second'");
    WebhookReceiver.Received after = deliverTest(id);
    assertThat(after.header("webhook-signature")).matches("v1,\\S+");
    assertThatCode(() -> verify(fresh, after)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verify(old, after)).isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void aSecondRotationDuringTheOverlapSignsWithTheLastTwoSecretsOnly() throws Exception {
    JsonObject webhook = conduit.createWebhook(alice, receiver.url("/twice"), "webhook.test");
    String id = webhook.getString("id");
    String first = webhook.getJsonObject("attributes").getString("secret");
    String second = secret(rotate(alice, id));
    String third = secret(rotate(alice, id));

    WebhookReceiver.Received delivery = deliverTest(id);

    assertThatCode(() -> verify(third, delivery)).doesNotThrowAnyException();
    assertThatCode(() -> verify(second, delivery)).doesNotThrowAnyException();
    assertThatThrownBy(() -> verify(first, delivery)).isInstanceOf(WebhookVerificationException.class);
  }

  @Test
  void anotherOwnersEndpointAndAnUnknownOneAreNotFoundAlikeAndKeepTheirSecret() throws Exception {
    JsonObject webhook = conduit.createWebhook(alice, receiver.url("/kept"), "webhook.test");
    String id = webhook.getString("id");

    TestConduit.Response others = rotate(bob, id);
    TestConduit.Response unknown = rotate(alice, UUID.randomUUID().toString());
    TestConduit.Response malformed = rotate(alice, "not-a-uuid");

    for (TestConduit.Response refused : List.of(others, unknown, malformed)) {
      assertThat(refused.status()).as(refused.body()).isEqualTo(404);
      assertThat(refused.error().getString("code")).isEqualTo("not_found");
    }
    assertThat(others.error().getString("detail")).isEqualTo(unknown.error().getString("detail"));
    WebhookReceiver.Received delivery = deliverTest(id);
    assertThat(delivery.header("webhook-signature")).matches("v1,\\S+");
    assertThatCode(() -> verify(webhook.getJsonObject("attributes").getString("secret"), delivery))
        .doesNotThrowAnyException();
  }

  @Test
  void theRotationIsAuditedAndNoSecretAppearsInALogLineOrAnyOtherAnswer() {
    try (LogCapture log = new LogCapture()) {
      JsonObject webhook = conduit.createWebhook(alice, receiver.url("/quiet"), "webhook.test");
      String id = webhook.getString("id");
      String old = webhook.getJsonObject("attributes").getString("secret");
      String fresh = secret(rotate(alice, id));
      deliverTest(id);

      // at least: an earlier test's entries may be flushed (every second) after this test emptied the tables
      Wait.patiently().until(() -> !conduit.call("GET", "/api/audit-events?filter%5Baction%5D=webhook.rotate_secret",
          alice, null).json().getJsonArray("data").isEmpty());
      StringBuilder seen = new StringBuilder(log.text());
      seen.append(conduit.call("GET", "/api/webhooks/" + id, alice, null).body());
      seen.append(conduit.call("GET", "/api/webhooks", alice, null).body());
      seen.append(conduit.call("GET", "/api/webhooks/" + id + "/deliveries", alice, null).body());
      seen.append(conduit.call("GET", "/api/audit-events", alice, null).body());
      seen.append(rotate(bob, id).body());
      receiver.received().forEach(received -> seen.append(received.body()).append(received.headers()));
      seen.append(Sql.rows("SELECT t::text FROM audit_events t"));
      for (String secret : List.of(old, fresh)) {
        assertThat(seen.toString()).doesNotContain(secret).doesNotContain(secret.substring("whsec_".length()));
      }
      JsonArray entries = conduit.call("GET", "/api/audit-events?filter%5Baction%5D=webhook.rotate_secret", alice,
          null).json().getJsonArray("data");
      assertThat(entries.getJsonObject(0).getJsonObject("attributes").getString("outcome")).isEqualTo("ok");
    }
  }

  // --- helpers --------------------------------------------------------------------------------------------------

  private TestConduit.Response rotate(String token, String webhookId) {
    return conduit.call("POST", "/api/webhooks/" + webhookId + "/rotate-secret", token, null);
  }

  private static String secret(TestConduit.Response rotated) {
    assertThat(rotated.status()).as(rotated.body()).isEqualTo(200);
    return rotated.json().getJsonObject("data").getJsonObject("attributes").getString("secret");
  }

  /** Queues a {@code webhook.test} event for the endpoint and returns its delivery as the receiver got it. */
  private WebhookReceiver.Received deliverTest(String webhookId) {
    TestConduit.Response queued = conduit.call("POST", "/api/webhooks/" + webhookId + "/test", alice, null);
    assertThat(queued.status()).as(queued.body()).isEqualTo(202);
    String eventId = queued.json().getJsonObject("data").getString("id");
    return Wait.patiently().until(() -> receiver.received().stream()
        .filter(received -> eventId.equals(received.header("webhook-id"))).findFirst().orElse(null),
        received -> received != null);
  }

  /** Verifies as a receiver holding only {@code secret} would, with the Standard Webhooks library. */
  private static void verify(String secret, WebhookReceiver.Received delivery) throws Exception {
    Map<String, List<String>> headers = new HashMap<>();
    for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
      headers.put(name, List.of(delivery.header(name)));
    }
    new Webhook(secret).verify(delivery.body(), headers);
  }
}
