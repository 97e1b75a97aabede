package dev.conduit.store;

import dev.conduit.core.connection.CredentialKind;
import java.time.Instant;
import java.util.List;

/**
 * A credential row as the vault reads it: sealed fields plus the plain metadata needed to decide what to do.
 *
 * @param secretVersion bound into every field's associated data; a ciphertext only opens at its own version
 */
public record StoredCredential(
    CredentialKind kind,
    long secretVersion,
    SealedFields sealed,
    String tokenType,
    List<String> scopes,
    Instant expiresAt,
    Instant lastRefreshedAt) {

  public StoredCredential {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }
}
