package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Old events go once their deliveries are over; a pending delivery keeps its event however old it is. */
class WebhookRetentionTest {

  private final String alice = TestConduit.token("alice");

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
  }

  @Test
  void eventsOlderThanTheRetentionGoWithTheirDeliveriesUnlessStillPending() {
    Map<String, String> environment = new HashMap<>(WebhookReceiver.lenientWebhooks("PT1H"));
    environment.put("CONDUIT_WEBHOOKS_RETENTION", "PT2S");
    try (WebhookReceiver receiver = new WebhookReceiver(); TestConduit conduit = TestConduit.start(environment)) {
      String delivered = conduit.createWebhook(alice, receiver.url("/ok"), "webhook.test").getString("id");
      String failing = conduit.createWebhook(alice, receiver.url("/down"), "webhook.test").getString("id");
      receiver.answers(FakeProvider.Answer.json(503, ""));
      conduit.call("POST", "/api/webhooks/" + failing + "/test", alice, null); // 503, then waits an hour: pending
      receiver.await(1);
      conduit.call("POST", "/api/webhooks/" + delivered + "/test", alice, null);
      receiver.await(2);
      assertThat(Sql.count("SELECT count(*) FROM webhook_events")).isEqualTo(2);

      Wait.patiently().until(() -> Sql.count("SELECT count(*) FROM webhook_events") == 1);

      assertThat(Sql.rows("SELECT d.status FROM webhook_events e JOIN webhook_deliveries d ON d.event_id = e.id"))
          .containsExactly("pending");
      assertThat(Sql.count("SELECT count(*) FROM webhook_attempts")).isEqualTo(1);
      assertThat(Sql.rows("SELECT count(*) FROM webhook_deliveries WHERE endpoint_id = '" + delivered + "'"))
          .containsExactly("0");
    }
  }
}
