package dev.conduit.core.bus;

import dev.conduit.core.connection.CredentialInput;
import java.util.UUID;

/** Requests the VaultVerticle answers; each carries the owner it acts for, taken from the caller's JWT. */
public sealed interface VaultRequest extends BusMessage {

  String owner();

  UUID connectionId();

  /** Vend a live secret. Reply: {@link dev.conduit.core.connection.VendedSecret}. */
  record Vend(String owner, UUID connectionId, boolean forceRefresh) implements VaultRequest {
  }

  /** Seal and store a credential, replacing any previous one. Reply: the connection. */
  record Deposit(String owner, UUID connectionId, CredentialInput credential) implements VaultRequest {
  }

  /** Destroy the secret material and mark the connection revoked. Reply: the connection. */
  record Revoke(String owner, UUID connectionId) implements VaultRequest {
  }

  /** Delete the connection and everything sealed for it. Reply: empty. */
  record Delete(String owner, UUID connectionId) implements VaultRequest {
  }
}
