package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The vault's table of OAuth authorization-code flows in progress. A flow is found by the SHA-256 of its state
 * (the state itself is never stored) and is consumed by one statement, so two callbacks with the same state can
 * never both proceed.
 */
public final class OAuthFlowRepository {

  /** Only for a connection of the owner that is not revoked; nothing is inserted otherwise. */
  private static final String INSERT = """
      INSERT INTO oauth_flows (state_hash, connection_id, owner, kek_key_id, wrapped_key, pkce_verifier,
        redirect_after, scopes, expires_at, connect_session_id)
      SELECT $1, c.id, c.owner, $4, $5, $6, $7, $8, $9, $10 FROM connections c
      WHERE c.id = $2 AND c.owner = $3 AND c.status <> 'revoked'
      RETURNING connection_id""";
  private static final String CONSUME = """
      WITH consumed AS (
        UPDATE oauth_flows SET consumed_at = now()
        WHERE state_hash = $1 AND consumed_at IS NULL AND expires_at > now()
        RETURNING connection_id, owner, kek_key_id, wrapped_key, pkce_verifier, redirect_after, scopes,
          connect_session_id)
      SELECT f.connection_id, f.owner, f.kek_key_id, f.wrapped_key, f.pkce_verifier, f.redirect_after, f.scopes,
        f.connect_session_id, c.connector
      FROM consumed f JOIN connections c ON c.id = f.connection_id AND c.owner = f.owner""";

  private static final String EXPIRED = """
      DELETE FROM oauth_flows WHERE state_hash IN (
        SELECT state_hash FROM oauth_flows WHERE expires_at < now() - make_interval(secs => $1) LIMIT $2)""";

  private final Database database;

  public OAuthFlowRepository(Database database) {
    this.database = database;
  }

  /**
   * A flow about to be stored; the verifier is sealed under {@code kekKeyId}/{@code wrappedKey}.
   *
   * @param connectSessionId the connect session whose page started the flow, or null
   */
  public record NewFlow(byte[] stateHash, UUID connectionId, String owner, long kekKeyId, byte[] wrappedKey,
      byte[] sealedVerifier, String redirectAfter, List<String> scopes, Instant expiresAt, UUID connectSessionId) {
  }

  /** A consumed flow, as stored. */
  public record StoredFlow(UUID connectionId, String owner, String connector, long kekKeyId, byte[] wrappedKey,
      byte[] sealedVerifier, String redirectAfter, List<String> scopes, UUID connectSessionId) {
  }

  /** @return false when the connection does not exist for the owner or is revoked */
  public Future<Boolean> insert(NewFlow flow) {
    return database.forOwner(flow.owner()).execute(INSERT, Tuple.from(new Object[] {Buffer.buffer(flow.stateHash()),
            flow.connectionId(),
            flow.owner(), flow.kekKeyId(), Buffer.buffer(flow.wrappedKey()), Buffer.buffer(flow.sealedVerifier()),
            flow.redirectAfter(), flow.scopes().toArray(String[]::new), flow.expiresAt().atOffset(ZoneOffset.UTC),
            flow.connectSessionId()}))
        .map(rows -> rows.size() == 1);
  }

  /**
   * Marks the flow used and returns it — only once, only before it expires; empty otherwise. As the system role: the
   * state, not an owner, identifies the flow (the callback knows no owner before this).
   */
  public Future<Optional<StoredFlow>> consume(byte[] stateHash) {
    return database.system().execute(CONSUME, Tuple.of(Buffer.buffer(stateHash))).map(rows -> {
      if (rows.size() == 0) {
        return Optional.empty();
      }
      Row row = rows.iterator().next();
      return Optional.of(new StoredFlow(row.getUUID("connection_id"), row.getString("owner"),
          row.getString("connector"), row.getLong("kek_key_id"), row.getBuffer("wrapped_key").getBytes(),
          row.getBuffer("pkce_verifier").getBytes(), row.getString("redirect_after"),
          ConnectionRows.strings(row.getArrayOfStrings("scopes")), row.getUUID("connect_session_id")));
    });
  }

  /**
   * Deletes up to {@code batch} flows that expired more than {@code grace} ago (used or not: a used state is
   * refused as surely once its row is gone).
   *
   * @return how many were deleted
   */
  public Future<Integer> purgeExpired(Duration grace, int batch) {
    return database.system().execute(EXPIRED, Tuple.of(grace.toMillis() / 1000.0, batch)).map(rows -> rows.rowCount());
  }
}
