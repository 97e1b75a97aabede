package dev.conduit.http;

import dev.conduit.store.EventFeedRepository.StoredEvent;
import io.vertx.core.json.JsonObject;

/**
 * An outbox event as a JSON:API resource: its attributes are the webhook body itself (type, timestamp, data), as
 * WebhookBody wrote it into the outbox, so a pulled or streamed event says exactly what a delivery says.
 */
final class EventResources {

  static final String TYPE = "events";

  private EventResources() {
  }

  static JsonObject resource(StoredEvent event) {
    return new JsonObject().put("type", TYPE).put("id", event.id()).put("attributes", new JsonObject(event.body()));
  }
}
