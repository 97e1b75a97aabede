package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The outbox is durable: what was written before Conduit stopped is delivered by the Conduit that comes next. */
class WebhookRestartTest {

  private final String alice = TestConduit.token("alice");

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
  }

  private static Map<String, String> environment() {
    return WebhookReceiver.lenientWebhooks("PT1S,PT1S,PT1S,PT1S,PT1S");
  }

  @Test
  void anEventWrittenBeforeARestartIsDeliveredAfterIt() {
    int port = TestConduit.freePort(); // nothing listens there until after the restart: attempts get no answer
    String eventId;
    try (TestConduit first = TestConduit.start(environment())) {
      JsonObject webhook = first.createWebhook(alice, "http://127.0.0.1:" + port + "/after", "webhook.test");
      TestConduit.Response queued = first.call("POST", "/api/webhooks/" + webhook.getString("id") + "/test", alice,
          null);
      assertThat(queued.status()).isEqualTo(202);
      eventId = queued.json().getJsonObject("data").getString("id");
    }
    assertThat(Sql.rows("SELECT status FROM webhook_deliveries")).containsExactly("pending");

    try (WebhookReceiver receiver = new WebhookReceiver(port); TestConduit second = TestConduit.start(environment())) {
      Wait.patiently().untilAsserted(() -> assertThat(receiver.received())
          .as(() -> Sql.rows("SELECT concat_ws(' ', status, attempts, next_attempt_at, lease_until, now(), last_error)"
              + " FROM webhook_deliveries").toString())
          .isNotEmpty());
      List<WebhookReceiver.Received> received = receiver.received();
      assertThat(received).hasSize(1);
      assertThat(received.get(0).header("webhook-id")).isEqualTo(eventId);
      assertThat(new JsonObject(received.get(0).body()).getString("type")).isEqualTo("webhook.test");
    }
  }

  @Test
  void anEventWrittenWhileNoNotifierRunsIsDeliveredWhenOneStarts() {
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      String webhookId;
      try (TestConduit first = TestConduit.start(environment())) {
        webhookId = first.createWebhook(alice, receiver.url("/later"), "webhook.test").getString("id");
      }
      // the outbox row and its delivery, written by a transaction that committed as the process went away
      TestDatabase.execute("""
          INSERT INTO webhook_events (id, owner, type, payload) VALUES
            ('evt_written_before_the_crash', 'alice', 'webhook.test', '{"type":"webhook.test"}');
          INSERT INTO webhook_deliveries (id, event_id, endpoint_id, owner, next_attempt_at)
            VALUES (gen_random_uuid(), 'evt_written_before_the_crash', '%s', 'alice', now());
          """.formatted(webhookId));

      try (TestConduit second = TestConduit.start(environment())) {
        List<WebhookReceiver.Received> received = receiver.await(1);
        assertThat(received).singleElement().satisfies(r -> {
          assertThat(r.header("webhook-id")).isEqualTo("evt_written_before_the_crash");
          assertThat(r.body()).isEqualTo("{\"type\":\"webhook.test\"}");
        });
      }
    }
  }
}
