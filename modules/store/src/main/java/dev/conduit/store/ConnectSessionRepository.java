package dev.conduit.store;

import dev.conduit.core.config.OwnerLimit;
import dev.conduit.core.connect.ConnectSession;
import dev.conduit.core.error.ConduitException;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Tuple;
import java.time.ZoneOffset;

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
    return database.withTransaction(conn -> OwnerLock.take(conn, session.owner())
            .compose(locked -> conn.preparedQuery(INSERT).execute(params)))
        .compose(inserted -> inserted.rowCount() == 1
            ? Future.succeededFuture()
            : Future.failedFuture(OwnerLimit.PENDING_CONNECT_SESSIONS.reached(maxPending)));
  }
}
