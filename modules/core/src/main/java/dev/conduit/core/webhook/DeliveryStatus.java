package dev.conduit.core.webhook;

import dev.conduit.core.json.WireNamed;
import java.util.Locale;

/** Where one event's delivery to one endpoint stands; the wire form is lower case. */
public enum DeliveryStatus implements WireNamed {
  /** Waiting for its next attempt. */
  PENDING,
  /** A receiver answered 2xx. */
  DELIVERED,
  /** Given up: the retry schedule was used up, or the endpoint is out of service. */
  FAILED;

  @Override
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status for a wire name, or null. */
  public static DeliveryStatus fromWireName(String name) {
    return WireNamed.fromWireName(DeliveryStatus.class, name);
  }
}
