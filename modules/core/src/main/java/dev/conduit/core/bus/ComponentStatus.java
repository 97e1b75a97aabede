package dev.conduit.core.bus;

/** A verticle's answer to a status request: whether it is ready to serve, and if not, why. */
public record ComponentStatus(String component, boolean ready, String reason) implements BusMessage {

  public static ComponentStatus ready(String component) {
    return new ComponentStatus(component, true, null);
  }

  public static ComponentStatus notReady(String component, String reason) {
    return new ComponentStatus(component, false, reason);
  }
}
