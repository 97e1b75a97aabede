package dev.conduit.core.webhook;

import dev.conduit.core.bus.BusMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An owner's webhook endpoint as the owner sees it; its signing secret is sealed and never part of it. */
public record WebhookEndpoint(UUID id, String owner, String url, List<EventType> events, EndpointStatus status,
    String statusReason, Instant createdAt, Instant updatedAt) implements BusMessage {

  public WebhookEndpoint {
    events = List.copyOf(events);
  }
}
