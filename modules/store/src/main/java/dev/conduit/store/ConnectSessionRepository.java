package dev.conduit.store;

import dev.conduit.core.config.OwnerLimit;
import dev.conduit.core.connect.ConnectSession;
import dev.conduit.core.connect.ConnectSessionState;
import dev.conduit.core.connect.StoredConnectSession;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.error.ConduitException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/**
 * Connect sessions, keyed by the SHA-256 of their token (the token itself is never stored). The per-owner limit
 * counts only pending sessions: expired and spent ones take no room, so an owner is never locked out by old links.
 */
public final class ConnectSessionRepository {

  /** Inserts nothing when the owner already has $9 pending sessions (counting stops there). */
  private static final String INSERT = """
      INSERT INTO connect_sessions (token_hash, owner, connectors, connection_id, label, metadata, redirect_after,
                                    expires_at, id)
      SELECT $1, $2::text, $3, $4, $5, $6::jsonb, $7, $8, $10
      WHERE (SELECT count(*) FROM (SELECT 1 FROM connect_sessions
                                   WHERE owner = $2 AND spent_at IS NULL AND expires_at > now() LIMIT $9) held) < $9""";

  private static final String FIND = """
      SELECT id, owner, connectors, connection_id, label, metadata, redirect_after, expires_at,
             CASE WHEN spent_at IS NOT NULL THEN 'SPENT' WHEN expires_at <= now() THEN 'EXPIRED' ELSE 'PENDING' END
               AS state
      FROM connect_sessions WHERE token_hash = $1""";
  /** Single use: of two concurrent submissions, one claims the session and the other finds it spent. */
  private static final String SPEND = """
      UPDATE connect_sessions SET spent_at = now()
      WHERE token_hash = $1 AND spent_at IS NULL AND expires_at > now()""";
  private static final String UNSPEND = "UPDATE connect_sessions SET spent_at = NULL WHERE token_hash = $1";
  /** The callback spends the session whose page started the flow, once its connection is active. */
  private static final String SPEND_BY_ID = "UPDATE connect_sessions SET spent_at = now() WHERE id = $1 AND spent_at IS NULL";

  /**
   * Locks the session's row — before anything else the transaction locks — so that two presses at once of one session
   * queue here instead of creating two connections, and never wait on each other in another order (the owner's limit
   * lock comes after). A statement of its own: under READ COMMITTED, a statement that waited for this lock would
   * still read other tables as they were when it began, missing the connection the press before it created.
   */
  private static final String LOCK = "SELECT 1 FROM connect_sessions WHERE token_hash = $1 FOR UPDATE";
  /** The connection a new-connection session created earlier, and whether it is still untouched. */
  private static final String CREATED = """
      SELECT c.id, c.connector,
             c.status = 'pending' AND NOT EXISTS (SELECT 1 FROM credentials k WHERE k.connection_id = c.id) AS untouched
      FROM connect_sessions s JOIN connections c ON c.id = s.created_connection_id AND c.owner = s.owner
      WHERE s.token_hash = $1""";
  private static final String FORGET = "DELETE FROM connections WHERE id = $1 AND owner = $2 AND status = 'pending'";
  private static final String REMEMBER = "UPDATE connect_sessions SET created_connection_id = $2 WHERE token_hash = $1";
  private static final String EXPIRED = """
      DELETE FROM connect_sessions WHERE token_hash IN (
        SELECT token_hash FROM connect_sessions WHERE expires_at < now() - make_interval(secs => $1) LIMIT $2)""";

  private final Database database;

  public ConnectSessionRepository(Database database) {
    this.database = database;
  }

  /**
   * Stores a session under {@code tokenHash}, unless its owner already has {@code maxPending} pending sessions:
   * concurrent creates of one owner, on any replica, never take it beyond.
   *
   * @throws ConduitException LIMIT_REACHED
   */
  public Future<Void> create(byte[] tokenHash, ConnectSession session, int maxPending) {
    Tuple params = Tuple.of(Buffer.buffer(tokenHash), session.owner(),
            session.connectors().toArray(String[]::new), session.connectionId(), session.label(),
            session.metadata().toJson())
        .addValue(session.redirectAfter())
        .addValue(session.expiresAt().atOffset(ZoneOffset.UTC))
        .addValue(maxPending)
        .addValue(session.id());
    return database.forOwner(session.owner()).withTransaction(conn -> OwnerLock.take(conn, session.owner())
            .compose(locked -> conn.preparedQuery(INSERT).execute(params)))
        .compose(inserted -> inserted.rowCount() == 1
            ? Future.succeededFuture()
            : Future.failedFuture(OwnerLimit.PENDING_CONNECT_SESSIONS.reached(maxPending)));
  }

  /**
   * The session whose token hashes to {@code tokenHash}, whatever its state. Not owner-scoped (it runs as the system
   * role): the token, known only to the owner's backend and the end user it handed the link to, is what identifies
   * the session, and no owner is known before its row is read.
   */
  public Future<Optional<StoredConnectSession>> find(byte[] tokenHash) {
    return database.system().execute(FIND, Tuple.of(Buffer.buffer(tokenHash))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      ConnectSession session = new ConnectSession(row.getUUID("id"), row.getString("owner"),
          Arrays.asList(row.getArrayOfStrings("connectors")), row.getUUID("connection_id"), row.getString("label"),
          ConnectionMetadata.of(row.getJsonObject("metadata")), row.getString("redirect_after"),
          row.getOffsetDateTime("expires_at").toInstant());
      return Optional.of(new StoredConnectSession(session, ConnectSessionState.valueOf(row.getString("state"))));
    });
  }

  /** Claims a pending session for one submission; false when it is spent, expired or unknown. */
  public Future<Boolean> spend(byte[] tokenHash) {
    return database.system().execute(SPEND, Tuple.of(Buffer.buffer(tokenHash))).map(rows -> rows.rowCount() == 1);
  }

  /** Spends the session named {@code id} (the callback of a flow its page started); false when it already was. */
  public Future<Boolean> spend(UUID id) {
    return database.system().execute(SPEND_BY_ID, Tuple.of(id)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * The connection a new-connection session connects {@code connector} into: the pending one it created for an
   * earlier attempt at the same connector, or a new one with the session's label and metadata. An untouched
   * connection it created for another connector is deleted, so that an end user who changes their mind leaves no
   * pending connection behind.
   *
   * @throws ConduitException LIMIT_REACHED when a new connection would take the owner beyond {@code maxPerOwner}
   */
  public Future<UUID> connectionFor(byte[] tokenHash, ConnectSession session, String connector, int maxPerOwner) {
    Buffer hash = Buffer.buffer(tokenHash);
    return database.forOwner(session.owner()).withTransaction(conn -> conn.preparedQuery(LOCK).execute(Tuple.of(hash))
        .compose(locked -> conn.preparedQuery(CREATED).execute(Tuple.of(hash)))
        .compose(rows -> {
          Row created = rows.size() == 0 ? null : rows.iterator().next();
          boolean untouched = created != null && created.getBoolean("untouched");
          if (untouched && created.getString("connector").equals(connector)) {
            return Future.succeededFuture(created.getUUID("id"));
          }
          Future<?> forgotten = untouched
              ? conn.preparedQuery(FORGET).execute(Tuple.of(created.getUUID("id"), session.owner()))
              : Future.succeededFuture();
          return forgotten.compose(ignored -> ConnectionRepository.insert(conn, session.owner(), connector,
                  session.label(), session.metadata(), maxPerOwner))
              .compose(id -> conn.preparedQuery(REMEMBER).execute(Tuple.of(hash, id)).map(id));
        }));
  }

  /**
   * Deletes up to {@code batch} sessions that expired more than {@code grace} ago.
   *
   * @return how many were deleted
   */
  public Future<Integer> purgeExpired(Duration grace, int batch) {
    return database.system().execute(EXPIRED, Tuple.of(grace.toMillis() / 1000.0, batch)).map(rows -> rows.rowCount());
  }

  /** Gives a claimed session back when its submission produced no active connection, so the link can be retried. */
  public Future<Void> unspend(byte[] tokenHash) {
    return database.system().execute(UNSPEND, Tuple.of(Buffer.buffer(tokenHash))).mapEmpty();
  }
}
