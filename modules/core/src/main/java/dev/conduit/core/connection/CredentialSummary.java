package dev.conduit.core.connection;

import java.time.Instant;
import java.util.List;

/**
 * What may be shown about a credential: its kind, lifetime and refresh health — never its material.
 *
 * @param nextRefreshAt when it will be refreshed next (null: it cannot be)
 * @param failureCount  refresh attempts that failed in a row
 * @param lastError     why the last attempt failed, in Conduit's words
 */
public record CredentialSummary(CredentialKind kind, Instant expiresAt, List<String> scopes, Instant lastRefreshedAt,
    Instant nextRefreshAt, int failureCount, String lastError) {

  public CredentialSummary {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }
}
