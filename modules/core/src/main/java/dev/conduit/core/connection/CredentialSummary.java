package dev.conduit.core.connection;

import java.time.Instant;
import java.util.List;

/** What may be shown about a credential: its kind and lifetime, never its material. */
public record CredentialSummary(CredentialKind kind, Instant expiresAt, List<String> scopes, Instant lastRefreshedAt) {

  public CredentialSummary {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }
}
