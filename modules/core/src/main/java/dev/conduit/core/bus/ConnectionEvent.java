package dev.conduit.core.bus;

import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a connection, published on {@code conduit.connection.<event>} after the change and
 * its outbox row committed together. In-process consumers may act on it; the durable record is the outbox.
 *
 * @param type     the webhook event type, e.g. {@code connection.needs_reauth}
 * @param sequence grows with every event of the connection
 */
public record ConnectionEvent(
    String eventId,
    String type,
    UUID connectionId,
    String owner,
    String connector,
    String status,
    String reason,
    String detail,
    long sequence,
    Instant occurredAt) implements BusMessage {
}
