package dev.conduit.core.webhook;

import dev.conduit.core.json.WireNamed;

/** The events an owner's webhook endpoint may subscribe to; the wire name is the body's {@code type}. */
public enum EventType implements WireNamed {
  /** A connection became active for the first time: its first deposit, or a completed connect flow. */
  CONNECTION_CONNECTED("connection.connected"),
  CONNECTION_NEEDS_REAUTH("connection.needs_reauth"),
  CONNECTION_REAUTHORIZED("connection.reauthorized"),
  CONNECTION_REVOKED("connection.revoked"),
  /** The connection and its secret material were deleted; its data carries no status. */
  CONNECTION_DELETED("connection.deleted"),
  WEBHOOK_TEST("webhook.test");

  private final String wireName;

  EventType(String wireName) {
    this.wireName = wireName;
  }

  @Override
  public String wireName() {
    return wireName;
  }

  /** The event type for a wire name, or null. */
  public static EventType fromWireName(String name) {
    return WireNamed.fromWireName(EventType.class, name);
  }
}
