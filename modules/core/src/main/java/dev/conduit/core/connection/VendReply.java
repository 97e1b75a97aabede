package dev.conduit.core.connection;

import dev.conduit.core.bus.BusMessage;

/**
 * What the vault answers to a vend: the live secret, or that the token is due for a refresh. The vault never
 * waits for a refresh itself; the caller asks the RefreshVerticle, then asks the vault to read again.
 */
public sealed interface VendReply extends BusMessage permits VendedSecret, VendReply.Due {

  /**
   * The access token is inside its refresh window (or the caller forced a refresh) and the connection has a
   * refresh token. Nothing secret is in it.
   */
  record Due() implements VendReply {

    /** Every due answer is the same: one instance serves them all. */
    public static final Due INSTANCE = new Due();
  }
}
