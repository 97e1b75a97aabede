package dev.conduit.core.connection;

import dev.conduit.core.json.WireNamed;
import java.util.Locale;

/** Where a connection stands; the wire form is lower snake case. */
public enum ConnectionStatus implements WireNamed {
  /** Created, no credential yet. */
  PENDING,
  /** Holds a usable credential. */
  ACTIVE,
  /** The refresh token is dead; the owner must authorize again. */
  NEEDS_REAUTH,
  /** Revoked by its owner; its secret material is destroyed. */
  REVOKED;

  @Override
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status for a wire name, or null. */
  public static ConnectionStatus fromWireName(String name) {
    return WireNamed.fromWireName(ConnectionStatus.class, name);
  }
}
