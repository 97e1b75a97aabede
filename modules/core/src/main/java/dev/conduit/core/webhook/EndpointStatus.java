package dev.conduit.core.webhook;

import dev.conduit.core.json.WireNamed;
import java.util.Locale;

/** Whether deliveries go to a webhook endpoint; the wire form is lower case. */
public enum EndpointStatus implements WireNamed {
  /** In service. */
  ACTIVE,
  /** The receiver answered 410 Gone. */
  DISABLED,
  /** A delivery failed for its whole retry schedule. */
  FAILED;

  @Override
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status for a wire name, or null. */
  public static EndpointStatus fromWireName(String name) {
    return WireNamed.fromWireName(EndpointStatus.class, name);
  }
}
