package dev.conduit.core.bus;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What the RefreshVerticle asks of the vault: the only code that opens and seals secrets. */
public sealed interface VaultRefreshRequest extends BusMessage, Traced {

  /**
   * Open a refresh token as the refresh claim read it (sealed, at {@code secretVersion}). Reply:
   * {@link OpenedSecret}. The bytes are ciphertext; only the vault can turn them into the token.
   */
  record Open(String owner, UUID connectionId, long secretVersion, long kekKeyId, byte[] wrappedKey,
      byte[] sealedRefreshToken, String requestId) implements VaultRefreshRequest {
  }

  /**
   * Seal and store refreshed tokens, only if the credential is still at {@code expectedVersion} and still
   * claimed by {@code leaseOwner} (so a replica whose claim lapsed can never overwrite newer tokens).
   * {@code refreshToken} is the provider's new one, or the current one when it did not rotate it.
   * Reply: {@link Committed}. {@code requestId} is null when the sweep, not a vend, refreshed.
   */
  record Commit(
      String owner,
      UUID connectionId,
      long expectedVersion,
      String leaseOwner,
      String accessToken,
      String refreshToken,
      String tokenType,
      List<String> scopes,
      Instant issuedAt,
      Instant expiresAt,
      Instant refreshDueAt,
      String requestId) implements VaultRefreshRequest {

    public Commit {
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public String toString() {
      return "Commit[connectionId=" + connectionId + ", expectedVersion=" + expectedVersion + ", tokens=(hidden)]";
    }
  }

  /** The answer to a commit: false when the credential moved on meanwhile and nothing was written. */
  record Committed(boolean committed) implements BusMessage {
  }

  /**
   * Consume the OAuth flow whose state hashes to {@code stateHash} — once, and only before it expires — and open
   * its PKCE verifier. Reply: {@link FlowClaim}; the failure {@code not_found} when the state is unknown, expired or
   * spent.
   */
  record ClaimFlow(byte[] stateHash, String requestId) implements VaultRefreshRequest {

    @Override
    public String toString() {
      return "ClaimFlow[requestId=" + requestId + "]";
    }
  }
}
