package dev.conduit.core.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event's delivery to one endpoint, as its owner sees it.
 *
 * @param status {@code pending}, {@code delivered} or {@code failed}
 */
public record Delivery(UUID id, String eventId, String eventType, String status, int attempts,
    Integer lastStatusCode, String lastError, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt) {
}
