package dev.conduit.core.webhook;

import dev.conduit.core.bus.BusMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * An owner's webhook endpoint as the owner sees it; its signing secret is sealed and never part of it.
 *
 * @param status {@code active}, {@code disabled} (the receiver answered 410 Gone) or {@code failed} (a delivery
 *               failed for its whole retry schedule)
 */
public record WebhookEndpoint(UUID id, String owner, String url, List<String> events, String status,
    String statusReason, Instant createdAt, Instant updatedAt) implements BusMessage {

  /** Event types an endpoint may subscribe to. */
  public static final List<String> EVENT_TYPES = List.of("connection.needs_reauth", "connection.reauthorized",
      "connection.revoked", "webhook.test");

  public WebhookEndpoint {
    events = List.copyOf(events);
  }
}
