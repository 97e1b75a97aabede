package dev.conduit.store;

import dev.conduit.core.connection.CredentialKind;
import java.time.Instant;
import java.util.List;

/**
 * The plain metadata stored with a new credential.
 *
 * @param issuedAt     when the access token was obtained
 * @param refreshDueAt when the sweep should refresh it; null when it cannot be refreshed (no refresh token or
 *                     no expiry)
 */
public record CredentialChange(CredentialKind kind, String tokenType, List<String> scopes, Instant issuedAt,
    Instant expiresAt, Instant refreshDueAt) {

  public CredentialChange {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }
}
