package dev.conduit.store;

import dev.conduit.core.apikey.ApiKey;
import dev.conduit.core.apikey.ApiKeyScope;
import dev.conduit.core.config.OwnerLimit;
import dev.conduit.core.error.ConduitException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Owners' platform API keys, stored as the SHA-256 of the key. Management reads and writes filter on the owner;
 * the one lookup that does not ({@link #findByHash}) is how a key names its owner. A delete notifies
 * {@link CredentialRepository#CHANGES_CHANNEL} in its own statement, so every replica's cache of verified keys drops
 * the key as the delete commits.
 */
public final class ApiKeyRepository {

  private static final String COLUMNS = "id, owner, name, prefix, scopes, created_at, expires_at, last_used_at";
  /** Inserts nothing when the owner already has $8 keys (counting stops there). */
  private static final String INSERT = """
      INSERT INTO api_keys (id, owner, name, prefix, hash, scopes, expires_at)
      SELECT $1::uuid, $2::text, $3::text, $4::text, $5::bytea, $6::text[], $7::timestamptz
      WHERE (SELECT count(*) FROM (SELECT 1 FROM api_keys WHERE owner = $2 LIMIT $8) held) < $8
      RETURNING\s""" + COLUMNS;
  private static final String LIST = "SELECT " + COLUMNS
      + " FROM api_keys WHERE owner = $1 ORDER BY created_at DESC, id DESC";
  private static final String FIND = "SELECT " + COLUMNS + " FROM api_keys WHERE id = $1 AND owner = $2";
  private static final String FIND_BY_HASH = "SELECT " + COLUMNS + " FROM api_keys WHERE hash = $1";
  private static final String DELETE = """
      WITH gone AS (DELETE FROM api_keys WHERE id = $1 AND owner = $2 RETURNING id)
      SELECT pg_notify($3, $4 || id::text) FROM gone""";
  /** Never moves a key's last use back: another replica may have written a later one already. */
  private static final String TOUCH = """
      UPDATE api_keys k SET last_used_at = GREATEST(k.last_used_at, used.at)
      FROM unnest($1::uuid[], $2::timestamptz[]) AS used(id, at)
      WHERE k.id = used.id""";

  private final Database database;

  public ApiKeyRepository(Database database) {
    this.database = database;
  }

  /**
   * Stores {@code key} under {@code hash}, unless its owner already has {@code maxPerOwner} keys: concurrent creates
   * of one owner, on any replica, never take it beyond.
   *
   * @return the key as stored (with its creation time)
   * @throws ConduitException LIMIT_REACHED
   */
  public Future<ApiKey> create(ApiKey key, byte[] hash, int maxPerOwner) {
    Tuple params = Tuple.of(key.id(), key.owner(), key.name(), key.prefix(), Buffer.buffer(hash),
            key.scopes().stream().map(ApiKeyScope::wireName).sorted().toArray(String[]::new),
            key.expiresAt() == null ? null : key.expiresAt().atOffset(ZoneOffset.UTC))
        .addValue(maxPerOwner);
    return database.forOwner(key.owner()).withTransaction(conn -> OwnerLock.take(conn, key.owner())
            .compose(locked -> conn.preparedQuery(INSERT).execute(params)))
        .compose(inserted -> inserted.size() == 1
            ? Future.succeededFuture(key(inserted.iterator().next()))
            : Future.failedFuture(OwnerLimit.API_KEYS.reached(maxPerOwner)));
  }

  /** The owner's keys, newest first (at most the per-owner limit of them, so one page). */
  public Future<List<ApiKey>> list(String owner) {
    return database.forOwner(owner).execute(LIST, Tuple.of(owner)).map(ApiKeyRepository::keys);
  }

  public Future<Optional<ApiKey>> find(String owner, UUID id) {
    return database.forOwner(owner).execute(FIND, Tuple.of(id, owner)).map(rows -> keys(rows).stream().findFirst());
  }

  /**
   * The key whose SHA-256 is {@code hash}, whoever owns it, expired or not. As the system role: no owner is known
   * until the row is read.
   */
  public Future<Optional<ApiKey>> findByHash(byte[] hash) {
    return database.system().execute(FIND_BY_HASH, Tuple.of(Buffer.buffer(hash))).map(rows -> keys(rows).stream().findFirst());
  }

  /** Deletes the owner's key and tells every replica; false when the owner has no such key. */
  public Future<Boolean> delete(String owner, UUID id) {
    return database.forOwner(owner).execute(DELETE, Tuple.of(id, owner, CredentialRepository.CHANGES_CHANNEL,
        ChangeNotice.API_KEY_PREFIX)).map(rows -> rows.size() == 1);
  }

  /**
   * Records when each key was last used, in one statement; keys deleted meanwhile are skipped. As the system role:
   * one batch holds many owners' keys.
   */
  public Future<Void> recordUse(Map<UUID, Instant> lastUse) {
    if (lastUse.isEmpty()) {
      return Future.succeededFuture();
    }
    List<UUID> ids = new ArrayList<>(lastUse.keySet());
    OffsetDateTime[] at = ids.stream().map(id -> lastUse.get(id).atOffset(ZoneOffset.UTC))
        .toArray(OffsetDateTime[]::new);
    return database.system().execute(TOUCH, Tuple.tuple().addArrayOfUUID(ids.toArray(UUID[]::new))
        .addArrayOfOffsetDateTime(at)).mapEmpty();
  }

  private static List<ApiKey> keys(RowSet<Row> rows) {
    List<ApiKey> keys = new ArrayList<>(rows.size());
    rows.forEach(row -> keys.add(key(row)));
    return keys;
  }

  private static ApiKey key(Row row) {
    Set<ApiKeyScope> scopes = Arrays.stream(row.getArrayOfStrings("scopes"))
        .map(name -> StoredNames.of(ApiKeyScope.class, name)).collect(Collectors.toUnmodifiableSet());
    return new ApiKey(row.getUUID("id"), row.getString("owner"), row.getString("name"), row.getString("prefix"),
        scopes, instant(row, "created_at"), instant(row, "expires_at"), instant(row, "last_used_at"));
  }

  private static Instant instant(Row row, String column) {
    OffsetDateTime at = row.getOffsetDateTime(column);
    return at == null ? null : at.toInstant();
  }
}
