package dev.conduit.store;

import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.webhook.EventType;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import java.util.function.LongFunction;

/**
 * The vault's table: sealed credentials and the status changes that go with them. Every statement filters on
 * the owner; every change notifies {@link #CHANGES_CHANNEL} in its transaction, so caches in any replica drop
 * the connection once the change commits.
 */
public final class CredentialRepository {

  /** LISTEN/NOTIFY channel carrying the id of every connection whose credential or status changed. */
  public static final String CHANGES_CHANNEL = "conduit_credentials";

  private static final String VAULT_COLUMNS = """
      c.id, c.owner, c.connector, c.status, c.metadata,
      cr.kind, cr.secret_version, cr.kek_key_id, cr.wrapped_key, cr.access_token, cr.refresh_token,
      cr.api_key, cr.api_secret, cr.username, cr.password, cr.token_type, cr.scopes, cr.issued_at, cr.expires_at,
      cr.refresh_due_at, cr.last_refreshed_at, cr.refresh_in_doubt""";
  private static final String FIND = "SELECT " + VAULT_COLUMNS
      + " FROM connections c LEFT JOIN credentials cr ON cr.connection_id = c.id WHERE c.id = $1 AND c.owner = $2";
  private static final String LOCK = "SELECT " + VAULT_COLUMNS
      + " FROM connections c LEFT JOIN credentials cr ON cr.connection_id = c.id WHERE c.id = $1 AND c.owner = $2"
      + " FOR UPDATE OF c";
  private static final String UPSERT = """
      INSERT INTO credentials (connection_id, owner, kind, kek_key_id, wrapped_key, access_token, refresh_token,
        api_key, api_secret, username, password, secret_version, token_type, scopes, issued_at, expires_at,
        refresh_due_at, connector)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
      ON CONFLICT (connection_id) DO UPDATE SET
        kind = excluded.kind, kek_key_id = excluded.kek_key_id, wrapped_key = excluded.wrapped_key,
        access_token = excluded.access_token, refresh_token = excluded.refresh_token,
        api_key = excluded.api_key, api_secret = excluded.api_secret,
        username = excluded.username, password = excluded.password,
        secret_version = excluded.secret_version, token_type = excluded.token_type, scopes = excluded.scopes,
        issued_at = excluded.issued_at, expires_at = excluded.expires_at, refresh_due_at = excluded.refresh_due_at,
        last_refreshed_at = NULL, lease_owner = NULL, lease_until = NULL, failure_count = 0, last_error = NULL,
        refresh_in_doubt = false, forced_refresh_failed_at = NULL, updated_at = now()""";
  /** One statement (one round trip): the fenced update, and a change notice that goes out if it commits. */
  private static final String COMMIT_REFRESH = """
      WITH committed AS (
        UPDATE credentials SET kek_key_id = $5, wrapped_key = $6, access_token = $7, refresh_token = $8,
          secret_version = $3 + 1, token_type = $9, scopes = $10, issued_at = $11, expires_at = $12,
          refresh_due_at = $13, last_refreshed_at = now(), failure_count = 0, last_error = NULL,
          refresh_in_doubt = false, forced_refresh_failed_at = NULL, lease_owner = NULL, lease_until = NULL, updated_at = now()
        WHERE connection_id = $1 AND owner = $2 AND secret_version = $3 AND lease_owner = $4
        RETURNING connection_id)
      SELECT pg_notify($14, connection_id::text) FROM committed""";
  private static final String SET_STATUS = """
      UPDATE connections SET status = $2, status_reason = $3, updated_at = now()
      WHERE id = $1""";
  private static final String SET_STATUS_WITH_EVENT = """
      UPDATE connections SET status = $2, status_reason = $3, updated_at = now(),
        event_sequence = event_sequence + 1
      WHERE id = $1
      RETURNING connector, event_sequence""";
  /**
   * Returns the row as deleted, not as read under the connection lock: a refresh commit touches only the credential
   * row, so it may land between that read and this delete, and the provider must be asked to revoke the newest
   * refresh token.
   */
  private static final String DELETE_CREDENTIAL = """
      DELETE FROM credentials WHERE connection_id = $1
      RETURNING kind, secret_version, kek_key_id, wrapped_key, access_token, refresh_token, api_key, api_secret,
        username, password, token_type, scopes, issued_at, expires_at, refresh_due_at, last_refreshed_at,
        refresh_in_doubt""";
  /** The sequence of its last event comes back, so that {@code connection.deleted} is numbered after it. */
  private static final String DELETE_CONNECTION = """
      DELETE FROM connections WHERE id = $1 AND owner = $2 RETURNING connector, event_sequence""";
  private static final String FIND_CONNECTION = "SELECT " + ConnectionRows.COLUMNS + ConnectionRows.FROM
      + " WHERE c.id = $1 AND c.owner = $2";
  private static final String NOTIFY = "SELECT pg_notify('" + CHANGES_CHANNEL + "', $1)";

  private final Database database;

  public CredentialRepository(Database database) {
    this.database = database;
  }

  /** The connection and its sealed credential, if it exists and belongs to {@code owner}. */
  public Future<Optional<VaultRow>> find(String owner, UUID connectionId) {
    return database.forOwner(owner).execute(FIND, Tuple.of(connectionId, owner)).map(CredentialRepository::firstRow);
  }

  /**
   * Replaces the connection's credential and makes it active, in one transaction. {@code seal} is called with
   * the new secret version (bound into the ciphertexts) while the connection row is locked.
   *
   * @return the active connection, and the event of the change: {@code connection.connected} for a first
   *     activation (the connection was pending), {@code connection.reauthorized} when it needed re-authorization
   * @throws ConduitException NOT_FOUND, or REVOKED for a revoked connection
   */
  public Future<Changed> deposit(String owner, UUID connectionId, LongFunction<SealedFields> seal,
      CredentialChange change) {
    return database.forOwner(owner).withTransaction(conn -> lock(conn, owner, connectionId).compose(row -> {
      if (row.status() == ConnectionStatus.REVOKED) {
        return Future.failedFuture(new ConduitException(ErrorCode.REVOKED,
            "this connection is revoked; create a new one"));
      }
      long version = row.credential() == null ? 1 : row.credential().secretVersion() + 1;
      SealedFields sealed = seal.apply(version);
      Instant expiresAt = change.expiresAt();
      return conn.preparedQuery(UPSERT).execute(Tuple.from(new Object[] {
              connectionId, owner, change.kind().wireName(), sealed.kekKeyId(), buffer(sealed.wrappedKey()),
              buffer(sealed.accessToken()), buffer(sealed.refreshToken()), buffer(sealed.apiKey()),
              buffer(sealed.apiSecret()), buffer(sealed.username()), buffer(sealed.password()), version,
              change.tokenType(), change.scopes().toArray(String[]::new), utc(change.issuedAt()), utc(expiresAt),
              utc(change.refreshDueAt()), row.connector()}))
          .compose(v -> switch (row.status()) {
            case NEEDS_REAUTH -> statusWithEvent(conn, row, ConnectionStatus.ACTIVE, null,
                EventType.CONNECTION_REAUTHORIZED, "reauthorized");
            // pending means never active before: this is the connection's first activation
            case PENDING -> statusWithEvent(conn, row, ConnectionStatus.ACTIVE, null, EventType.CONNECTION_CONNECTED,
                "connected");
            default -> setStatus(conn, connectionId, ConnectionStatus.ACTIVE, null).map((ConnectionEvent) null);
          })
          .compose(event -> connection(conn, owner, connectionId).map(c -> new Changed(c, event)));
    }));
  }

  /** A connection after a change, and the event the change produced (null when it produced none). */
  public record Changed(Connection connection, ConnectionEvent event) {
  }

  /**
   * Stores refreshed tokens sealed at {@code expectedVersion + 1}, only if the credential is still at
   * {@code expectedVersion} and claimed by {@code leaseOwner}; releases the claim. Fenced this way, a replica whose
   * claim lapsed mid-call can never overwrite newer tokens.
   *
   * @return false when nothing was written because the credential moved on
   */
  public Future<Boolean> commitRefresh(String owner, UUID connectionId, long expectedVersion, String leaseOwner,
      SealedFields sealed, CredentialChange change) {
    return database.forOwner(owner).execute(COMMIT_REFRESH, Tuple.from(new Object[] {
            connectionId, owner, expectedVersion, leaseOwner, sealed.kekKeyId(), buffer(sealed.wrappedKey()),
            buffer(sealed.accessToken()), buffer(sealed.refreshToken()), change.tokenType(),
            change.scopes().toArray(String[]::new), utc(change.issuedAt()), utc(change.expiresAt()),
            utc(change.refreshDueAt()), CHANGES_CHANNEL}))
        .map(notified -> notified.size() == 1);
  }

  /**
   * Destroys the credential and marks the connection revoked, in one transaction. Revoking twice is harmless.
   *
   * @return the revoked connection, and the credential as it was (for revocation at the provider), if any
   */
  public Future<Revoked> revoke(String owner, UUID connectionId, String reason) {
    return database.forOwner(owner).withTransaction(conn -> lock(conn, owner, connectionId).compose(row -> {
      if (row.status() == ConnectionStatus.REVOKED) {
        return connection(conn, owner, connectionId).map(c -> new Revoked(c, null, null));
      }
      return deleteCredential(conn, row).compose(destroyed -> statusWithEvent(conn, row, ConnectionStatus.REVOKED,
              reason, EventType.CONNECTION_REVOKED, reason)
          .compose(event -> connection(conn, owner, connectionId).map(c -> new Revoked(c, destroyed, event))));
    }));
  }

  /**
   * Deletes the connection with all its sealed material, and writes its {@code connection.deleted} event in the same
   * transaction.
   *
   * @return the row as it was (for revocation at the provider) and the event
   * @throws ConduitException NOT_FOUND
   */
  public Future<Deleted> delete(String owner, UUID connectionId) {
    return database.forOwner(owner).withTransaction(conn -> lock(conn, owner, connectionId)
        .compose(row -> deleteCredential(conn, row)
        .compose(destroyed -> conn.preparedQuery(DELETE_CONNECTION).execute(Tuple.of(connectionId, owner))
            .compose(rows -> {
              Row deleted = rows.iterator().next();
              return Outbox.record(conn, Outbox.connectionEvent(EventType.CONNECTION_DELETED, connectionId, owner,
                  deleted.getString("connector"), null, null, null, deleted.getLong("event_sequence") + 1));
            })
            .compose(event -> notifyChange(conn, connectionId).map(new Deleted(destroyed, event))))));
  }

  /** A deleted connection as it was, with the credential it had (or null), and its {@code connection.deleted} event. */
  public record Deleted(VaultRow previous, ConnectionEvent event) {
  }

  /** A revoked connection, the credential it had (or null), and the {@code connection.revoked} event (or null). */
  public record Revoked(Connection connection, VaultRow previous, ConnectionEvent event) {
  }

  private static Future<VaultRow> lock(SqlConnection conn, String owner, UUID connectionId) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(connectionId, owner))
        .compose(rows -> firstRow(rows)
            .map(Future::succeededFuture)
            .orElseGet(() -> Future.failedFuture(notFound())));
  }

  /** Deletes the locked connection's credential: the row as it was, with the credential as deleted (or none). */
  private static Future<VaultRow> deleteCredential(SqlConnection conn, VaultRow row) {
    return conn.preparedQuery(DELETE_CREDENTIAL).execute(Tuple.of(row.connectionId()))
        .map(rows -> new VaultRow(row.connectionId(), row.owner(), row.connector(), row.status(), row.metadata(),
            rows.size() == 0 ? null : credential(rows.iterator().next())));
  }

  private static Future<Void> setStatus(SqlConnection conn, UUID connectionId, ConnectionStatus status,
      String reason) {
    return conn.preparedQuery(SET_STATUS).execute(Tuple.of(connectionId, status.wireName(), reason))
        .compose(v -> notifyChange(conn, connectionId));
  }

  /** Changes the status, bumps the connection's event sequence and writes the event to the outbox. */
  private static Future<ConnectionEvent> statusWithEvent(SqlConnection conn, VaultRow row, ConnectionStatus status,
      String statusReason, EventType eventType, String eventReason) {
    return conn.preparedQuery(SET_STATUS_WITH_EVENT).execute(Tuple.of(row.connectionId(), status.wireName(),
            statusReason))
        .compose(rows -> {
          Row updated = rows.iterator().next();
          ConnectionEvent event = Outbox.connectionEvent(eventType, row.connectionId(), row.owner(),
              updated.getString("connector"), status, eventReason, null, updated.getLong("event_sequence"));
          return Outbox.record(conn, event);
        })
        .compose(event -> notifyChange(conn, row.connectionId()).map(event));
  }

  private static Future<Void> notifyChange(SqlConnection conn, UUID connectionId) {
    return conn.preparedQuery(NOTIFY).execute(Tuple.of(connectionId.toString())).mapEmpty();
  }

  private static Future<Connection> connection(SqlConnection conn, String owner, UUID connectionId) {
    return conn.preparedQuery(FIND_CONNECTION).execute(Tuple.of(connectionId, owner))
        .map(rows -> ConnectionRepository.first(rows).orElseThrow(CredentialRepository::notFound));
  }

  static ConduitException notFound() {
    return new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id");
  }

  private static Optional<VaultRow> firstRow(RowSet<Row> rows) {
    if (rows.size() == 0) {
      return Optional.empty();
    }
    Row row = rows.iterator().next();
    StoredCredential credential = row.getString("kind") == null ? null : credential(row);
    return Optional.of(new VaultRow(row.getUUID("id"), row.getString("owner"), row.getString("connector"),
        ConnectionStatus.fromWireName(row.getString("status")), ConnectionMetadata.of(row.getJsonObject("metadata")),
        credential));
  }

  private static StoredCredential credential(Row row) {
    return new StoredCredential(
        CredentialKind.fromWireName(row.getString("kind")),
        row.getLong("secret_version"),
        new SealedFields(row.getLong("kek_key_id"), bytes(row, "wrapped_key"), bytes(row, "access_token"),
            bytes(row, "refresh_token"), bytes(row, "api_key"), bytes(row, "api_secret"), bytes(row, "username"),
            bytes(row, "password")),
        row.getString("token_type"),
        ConnectionRows.strings(row.getArrayOfStrings("scopes")),
        ConnectionRows.instant(row.getOffsetDateTime("issued_at")),
        ConnectionRows.instant(row.getOffsetDateTime("expires_at")),
        ConnectionRows.instant(row.getOffsetDateTime("refresh_due_at")),
        ConnectionRows.instant(row.getOffsetDateTime("last_refreshed_at")),
        Boolean.TRUE.equals(row.getBoolean("refresh_in_doubt")));
  }

  private static byte[] bytes(Row row, String column) {
    Buffer buffer = row.getBuffer(column);
    return buffer == null ? null : buffer.getBytes();
  }

  private static Buffer buffer(byte[] bytes) {
    return bytes == null ? null : Buffer.buffer(bytes);
  }

  private static OffsetDateTime utc(Instant instant) {
    return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
  }
}
