package dev.conduit.store;

import dev.conduit.core.connection.CredentialKind;
import java.time.Instant;
import java.util.List;

/**
 * A credential row as the vault reads it: sealed fields plus the plain metadata needed to decide what to do.
 *
 * @param secretVersion  bound into every field's associated data; a ciphertext only opens at its own version
 * @param refreshDueAt   when it should be refreshed; null when it cannot be
 * @param refreshInDoubt a refresh call's answer was lost; the provider may have rotated the refresh token
 */
public record StoredCredential(
    CredentialKind kind,
    long secretVersion,
    SealedFields sealed,
    String tokenType,
    List<String> scopes,
    Instant issuedAt,
    Instant expiresAt,
    Instant refreshDueAt,
    Instant lastRefreshedAt,
    boolean refreshInDoubt) {

  public StoredCredential {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }
}
