package dev.conduit.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class WireNamesTest {

  @Test
  void eventTypesTravelUnderTheNamesApiMdGives() {
    assertThat(EventType.values()).extracting(EventType::wireName).containsExactly("connection.connected",
        "connection.needs_reauth", "connection.reauthorized", "connection.revoked", "connection.deleted", "webhook.test");
    assertThat(EventType.fromWireName("connection.revoked")).isEqualTo(EventType.CONNECTION_REVOKED);
    assertThat(EventType.fromWireName("connection_revoked")).isNull();
  }

  @Test
  void statusesMatchTheDatabaseConstraints() {
    assertThat(DeliveryStatus.values()).extracting(DeliveryStatus::wireName)
        .containsExactly("pending", "delivered", "failed");
    assertThat(EndpointStatus.values()).extracting(EndpointStatus::wireName)
        .containsExactly("active", "disabled", "failed");
    assertThat(DeliveryStatus.fromWireName("delivered")).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(EndpointStatus.fromWireName("DISABLED")).isNull();
  }
}
