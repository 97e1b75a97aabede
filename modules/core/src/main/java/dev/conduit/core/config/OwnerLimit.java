package dev.conduit.core.config;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;

/** The things an owner may have only so many of, each with the configuration key that sets the maximum. */
public enum OwnerLimit {
  CONNECTIONS("connections", "limits.connections-per-owner", "Delete one to make room."),
  WEBHOOKS("webhook endpoints", "limits.webhooks-per-owner", "Delete one to make room."),
  PENDING_CONNECT_SESSIONS("pending connect sessions", "limits.pending-connect-sessions-per-owner",
      "Room comes back as they expire or are used."),
  API_KEYS("API keys", "limits.api-keys-per-owner", "Delete one to make room.");

  private final String things;
  private final String key;
  private final String remedy;

  OwnerLimit(String things, String key, String remedy) {
    this.things = things;
    this.key = key;
    this.remedy = remedy;
  }

  /**
   * The failure of a create that would go beyond {@code maximum}. It names the limit and its key, so the owner knows
   * what to delete and the operator what to raise.
   */
  public ConduitException reached(int maximum) {
    return new ConduitException(ErrorCode.LIMIT_REACHED, "This owner already has " + maximum + " " + things
        + ", the most allowed (" + key + "). " + remedy);
  }
}
