package dev.conduit.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.core.connection.ConnectionStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookBodyTest {

  private static final UUID CONNECTION = UUID.fromString("0b4e7a4c-3c7e-4a52-9a3e-2f1d5b9c8e11");
  private static final Instant AT = Instant.parse("2026-11-22T10:00:00.123456Z");

  @Test
  void aConnectionEventIsTheBodyApiMdShowsWithWholeSecondsAndWireNames() {
    ConnectionEvent event = new ConnectionEvent("evt_1", EventType.CONNECTION_NEEDS_REAUTH, CONNECTION, "alice",
        "github", ConnectionStatus.NEEDS_REAUTH, "invalid_grant", "refresh token revoked", 7, AT);

    assertThat(WebhookBody.of(event)).isEqualTo("{\"type\":\"connection.needs_reauth\","
        + "\"timestamp\":\"2026-11-22T10:00:00Z\",\"data\":{\"connectionId\":\"" + CONNECTION + "\","
        + "\"owner\":\"alice\",\"connector\":\"github\",\"status\":\"needs_reauth\",\"sequence\":7,"
        + "\"reason\":\"invalid_grant\",\"detail\":\"refresh token revoked\"}}");
  }

  @Test
  void absentReasonAndDetailAreLeftOut() {
    ConnectionEvent event = new ConnectionEvent("evt_2", EventType.CONNECTION_REAUTHORIZED, CONNECTION, "alice",
        "github", ConnectionStatus.ACTIVE, null, null, 8, AT);

    assertThat(WebhookBody.of(event)).isEqualTo("{\"type\":\"connection.reauthorized\","
        + "\"timestamp\":\"2026-11-22T10:00:00Z\",\"data\":{\"connectionId\":\"" + CONNECTION + "\","
        + "\"owner\":\"alice\",\"connector\":\"github\",\"status\":\"active\",\"sequence\":8}}");
  }

  @Test
  void aTestEventNamesTheEndpointAndItsOwner() {
    UUID endpoint = UUID.fromString("5d0c2f9e-8a41-4f6b-b1de-7c3a9e0f2a44");

    assertThat(WebhookBody.test(endpoint, "bob", AT)).isEqualTo("{\"type\":\"webhook.test\","
        + "\"timestamp\":\"2026-11-22T10:00:00Z\",\"data\":{\"webhookId\":\"" + endpoint + "\",\"owner\":\"bob\"}}");
  }
}
