package dev.conduit.core.bus;

/** A secret the vault opened for the one verticle that must use it; hidden from {@code toString()}. */
public record OpenedSecret(String value) implements BusMessage {

  @Override
  public String toString() {
    return "OpenedSecret[(hidden)]";
  }
}
