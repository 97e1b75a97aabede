package dev.conduit.core.bus;

import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.webhook.EventType;
import java.time.Instant;
import java.util.UUID;

/**
 * Something that happened to a connection, published on {@code conduit.connection.<event>} after the change and
 * its outbox row committed together. In-process consumers may act on it; the durable record is the outbox.
 *
 * @param status   the connection's status after the change; null for {@code connection.deleted}
 * @param sequence grows with every event of the connection
 */
public record ConnectionEvent(
    String eventId,
    EventType type,
    UUID connectionId,
    String owner,
    String connector,
    ConnectionStatus status,
    String reason,
    String detail,
    long sequence,
    Instant occurredAt) implements BusMessage {
}
