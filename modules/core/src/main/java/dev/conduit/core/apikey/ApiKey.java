package dev.conduit.core.apikey;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * A platform API key as its owner sees it: never the key itself, which is shown once when it is made and then
 * exists only as a hash. {@code prefix} (the key's first characters) lets the owner recognise it.
 *
 * @param expiresAt  null: the key does not expire
 * @param lastUsedAt null: not used yet (recorded in batches, so it may trail a use by a few seconds)
 */
public record ApiKey(UUID id, String owner, String name, String prefix, Set<ApiKeyScope> scopes, Instant createdAt,
    Instant expiresAt, Instant lastUsedAt) {

  public ApiKey {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(prefix, "prefix");
    scopes = Set.copyOf(scopes);
  }
}
