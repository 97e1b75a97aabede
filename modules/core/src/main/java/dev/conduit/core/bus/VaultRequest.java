package dev.conduit.core.bus;

import dev.conduit.core.connection.CredentialInput;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Requests the VaultVerticle answers for the HTTP layer; each carries the owner it acts for, taken from the
 * caller's JWT, and the id of the HTTP request for the vault's log lines.
 */
public sealed interface VaultRequest extends BusMessage, Traced {

  String owner();

  UUID connectionId();

  /**
   * Vend a live secret. Reply: a {@link dev.conduit.core.connection.VendReply} — the secret, or, when the
   * {@code mode} asks for it and the token is due, {@link dev.conduit.core.connection.VendReply.Due}.
   */
  record Vend(String owner, UUID connectionId, Mode mode, String requestId) implements VaultRequest {

    /** When the vault answers "due" instead of the secret. */
    public enum Mode {
      /** When the access token is inside its refresh window. */
      WHEN_DUE,
      /** Whenever there is a refresh token: the client saw the provider reject the access token. */
      FORCED,
      /** Never: a refresh was just attempted; answer with what is stored now, or why it cannot be vended. */
      AFTER_REFRESH
    }

    /** The same vend, asked again after a refresh attempt. */
    public Vend afterRefresh() {
      return new Vend(owner, connectionId, Mode.AFTER_REFRESH, requestId);
    }
  }

  /** Seal and store a credential, replacing any previous one. Reply: the connection. */
  record Deposit(String owner, UUID connectionId, CredentialInput credential, String requestId)
      implements VaultRequest {
  }

  /** Destroy the secret material and mark the connection revoked. Reply: the connection. */
  record Revoke(String owner, UUID connectionId, String requestId) implements VaultRequest {
  }

  /** Delete the connection and everything sealed for it. Reply: empty. */
  record Delete(String owner, UUID connectionId, String requestId) implements VaultRequest {
  }

  /**
   * Record an OAuth authorization-code flow for a connection that may be authorized (not revoked): the hash of its
   * state, a PKCE verifier the vault makes and seals, where the browser goes afterwards, the scopes asked for and
   * the expiry, and the connect session whose page started it (null for {@code authorize}). Reply:
   * {@link FlowStarted}, carrying only the verifier's S256 challenge.
   */
  record StartFlow(String owner, UUID connectionId, byte[] stateHash, String redirectAfter, List<String> scopes,
      Instant expiresAt, UUID connectSessionId, String requestId) implements VaultRequest {

    public StartFlow {
      scopes = List.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "StartFlow[connectionId=" + connectionId + ", expiresAt=" + expiresAt + "]";
    }
  }
}
