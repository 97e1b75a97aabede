package dev.conduit.core.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One event's delivery to one endpoint, as its owner sees it.
 *
 * @param history its latest attempts, oldest first (at most {@link #HISTORY_LIMIT})
 */
public record Delivery(UUID id, String eventId, EventType eventType, DeliveryStatus status, int attempts,
    Integer lastStatusCode, String lastError, Instant nextAttemptAt, Instant deliveredAt, Instant createdAt,
    List<Attempt> history) {

  /** How many of a delivery's attempts are listed with it. */
  public static final int HISTORY_LIMIT = 20;

  public Delivery {
    history = List.copyOf(history);
  }

  /**
   * One attempt: when, the receiver's status code (null when there was no answer), what went wrong in our words
   * (null on success), and how long it took.
   */
  public record Attempt(int attempt, Instant at, Integer statusCode, String error, int durationMs) {
  }
}
