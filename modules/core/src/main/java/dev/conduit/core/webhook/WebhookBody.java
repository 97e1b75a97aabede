package dev.conduit.core.webhook;

import dev.conduit.core.bus.ConnectionEvent;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The body of a webhook, as API.md specifies it: {@code type}, {@code timestamp} (whole seconds, UTC) and
 * {@code data}. Rendered once, when the event is written to the outbox; the stored text is what is signed and
 * sent, byte for byte. Never secret material.
 */
public final class WebhookBody {

  private WebhookBody() {
  }

  /** The body of a connection event. */
  public static String of(ConnectionEvent event) {
    JsonObject data = new JsonObject()
        .put("connectionId", event.connectionId().toString())
        .put("owner", event.owner())
        .put("connector", event.connector());
    if (event.status() != null) {
      data.put("status", event.status().wireName());
    }
    data.put("sequence", event.sequence());
    if (event.reason() != null) {
      data.put("reason", event.reason());
    }
    if (event.detail() != null) {
      data.put("detail", event.detail());
    }
    return body(event.type(), event.occurredAt(), data);
  }

  /** The body of a {@code webhook.test} event for one endpoint. */
  public static String test(UUID endpointId, String owner, Instant occurredAt) {
    return body(EventType.WEBHOOK_TEST, occurredAt,
        new JsonObject().put("webhookId", endpointId.toString()).put("owner", owner));
  }

  private static String body(EventType type, Instant occurredAt, JsonObject data) {
    return new JsonObject()
        .put("type", type.wireName())
        .put("timestamp", occurredAt.truncatedTo(ChronoUnit.SECONDS).toString())
        .put("data", data)
        .encode();
  }
}
