package dev.conduit.store;

import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.webhook.EventType;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The refresh side of the credentials table: claims (leases) that make one replica at a time refresh a
 * credential, the bookkeeping of failed attempts, and the move to {@code needs_reauth}. Holds no secrets.
 */
public final class RefreshRepository {

  /**
   * What a claim returns: who and where, how the last refreshes went, and the sealed refresh token the vault will
   * open.
   */
  private static final String CLAIMED = """
      connection_id, owner, connector, secret_version, failure_count, refresh_due_at, last_refreshed_at,
        forced_refresh_failed_at, last_error, refresh_in_doubt, scopes, kek_key_id, wrapped_key, refresh_token""";
  /**
   * Part of every claim: a call sent with this very refresh token whose outcome was never recorded (its replica died
   * or lost the claim while waiting) may have rotated the token at the provider, exactly like a call that timed out.
   */
  private static final String SENT_BECOMES_IN_DOUBT = "refresh_in_doubt = refresh_in_doubt"
      + " OR coalesce(refresh_sent_version = secret_version, false), refresh_sent_version = NULL";
  private static final String ACQUIRE = """
      UPDATE credentials SET lease_owner = $3, lease_until = now() + make_interval(secs => $4), %s
      WHERE connection_id = $1 AND owner = $2 AND (lease_until IS NULL OR lease_until < now())
      RETURNING %s""".formatted(SENT_BECOMES_IN_DOUBT, CLAIMED);
  /** The sweep's claim ($1 lease owner, $2 lease seconds, $3 batch size); public for the claim benchmark. */
  public static final String CLAIM_DUE = """
      UPDATE credentials SET lease_owner = $1, lease_until = now() + make_interval(secs => $2), %s
      WHERE connection_id IN (
        SELECT connection_id FROM credentials
        WHERE refresh_due_at <= now() AND (lease_until IS NULL OR lease_until < now())
        ORDER BY refresh_due_at
        LIMIT $3
        FOR UPDATE SKIP LOCKED)
      RETURNING %s""".formatted(SENT_BECOMES_IN_DOUBT, CLAIMED);
  private static final String METADATA = "SELECT metadata FROM connections WHERE id = $1 AND owner = $2";
  private static final String PEEK = """
      SELECT secret_version, lease_until IS NOT NULL AND lease_until >= now() AS leased
      FROM credentials WHERE connection_id = $1 AND owner = $2""";
  private static final String RELEASE = """
      UPDATE credentials SET lease_owner = NULL, lease_until = NULL WHERE connection_id = $1 AND lease_owner = $2""";
  private static final String RELEASE_ALL = """
      UPDATE credentials SET lease_owner = NULL, lease_until = NULL WHERE lease_owner = $1""";
  private static final String DEFER = """
      UPDATE credentials SET refresh_due_at = $3, failure_count = failure_count + $4,
        last_error = coalesce($5, last_error), refresh_in_doubt = refresh_in_doubt OR $6,
        forced_refresh_failed_at = coalesce($7, forced_refresh_failed_at), refresh_sent_version = NULL,
        lease_owner = NULL, lease_until = NULL
      WHERE connection_id = $1 AND lease_owner = $2""";
  private static final String MARK_SENT = """
      UPDATE credentials SET refresh_sent_version = secret_version
      WHERE connection_id = $1 AND lease_owner = $2 AND secret_version = $3 AND lease_until >= now()""";
  private static final String DUE_BACKLOG = "SELECT count(*) FROM credentials WHERE refresh_due_at <= now()";
  private static final String NEEDS_REAUTH = """
      UPDATE connections SET status = 'needs_reauth', status_reason = $3, event_sequence = event_sequence + 1,
        updated_at = now()
      WHERE id = $1 AND owner = $2 AND status = 'active'
      RETURNING connector, event_sequence""";
  private static final String STOP_REFRESHING = """
      UPDATE credentials SET refresh_due_at = NULL, lease_owner = NULL, lease_until = NULL,
        failure_count = failure_count + 1, last_error = $2
      WHERE connection_id = $1""";
  private static final String NOTIFY = "SELECT pg_notify('" + CredentialRepository.CHANGES_CHANNEL + "', $1)";

  private final Database database;

  public RefreshRepository(Database database) {
    this.database = database;
  }

  /**
   * A claim on one credential: who it belongs to, where it stood when claimed, and its refresh token sealed
   * (null fields when it has none). Only the vault can open it. {@code forcedRefreshFailedAt}: when the last forced
   * refresh failed (null: none since the last deposit or success); {@code lastError} says why. {@code refreshInDoubt}:
   * an earlier call with this refresh token may have rotated it at the provider — it timed out after sending, or its
   * replica died (or lost its claim) before recording the answer.
   */
  public record Claim(UUID connectionId, String owner, String connector, long secretVersion, int failureCount,
      Instant refreshDueAt, Instant lastRefreshedAt, Instant forcedRefreshFailedAt, String lastError,
      boolean refreshInDoubt, List<String> scopes, long kekKeyId, byte[] wrappedKey, byte[] sealedRefreshToken) {
  }

  /** Where a credential stands for a replica waiting on another's claim. */
  public record LeaseState(long secretVersion, boolean leased) {
  }

  /** Claims one active connection's credential for {@code lease}, unless another claim is live. */
  public Future<Optional<Claim>> acquire(String owner, UUID connectionId, String leaseOwner, Duration lease) {
    return database.system().execute(ACQUIRE, Tuple.of(connectionId, owner, leaseOwner, seconds(lease)))
        .map(rows -> claims(rows).stream().findFirst());
  }

  /** Claims up to {@code batchSize} due credentials no one else holds, most overdue first. */
  public Future<List<Claim>> claimDue(String leaseOwner, Duration lease, int batchSize) {
    return database.system().execute(CLAIM_DUE, Tuple.of(leaseOwner, seconds(lease), batchSize))
        .map(RefreshRepository::claims);
  }

  /** The connection's metadata strings: they fill {@code {placeholders}} in some providers' URLs. */
  public Future<Map<String, String>> urlParameters(String owner, UUID connectionId) {
    return database.system().execute(METADATA, Tuple.of(connectionId, owner)).map(rows -> rows.size() == 0
        ? Map.of()
        : ConnectionMetadata.of(rows.iterator().next().getJsonObject(0)).strings());
  }

  public Future<Optional<LeaseState>> peek(String owner, UUID connectionId) {
    return database.system().execute(PEEK, Tuple.of(connectionId, owner)).map(rows -> rows.size() == 0
        ? Optional.empty()
        : Optional.of(new LeaseState(rows.iterator().next().getLong(0), rows.iterator().next().getBoolean(1))));
  }

  /**
   * Records, before a refresh call, that the refresh token of {@code secretVersion} is being sent, so that if
   * this replica dies before recording the outcome the next claim knows the token may have been rotated.
   *
   * @return false when the claim is no longer ours (lapsed, or the credential moved on): make no call
   */
  public Future<Boolean> markSent(UUID connectionId, String leaseOwner, long secretVersion) {
    return database.system().execute(MARK_SENT, Tuple.of(connectionId, leaseOwner, secretVersion))
        .map(rows -> rows.rowCount() == 1);
  }

  public Future<Void> release(UUID connectionId, String leaseOwner) {
    return database.system().execute(RELEASE, Tuple.of(connectionId, leaseOwner)).mapEmpty();
  }

  /**
   * Gives back every claim {@code leaseOwner} still holds (a stopping replica), so other replicas may take them at
   * once instead of after the lease. A call that was sent under one of them is in doubt for the next claimer, as
   * after a crash ({@code refresh_sent_version} stays).
   *
   * @return how many claims were given back
   */
  public Future<Integer> releaseAll(String leaseOwner) {
    return database.system().execute(RELEASE_ALL, Tuple.of(leaseOwner)).map(RowSet::rowCount);
  }

  /**
   * Gives the claim back and schedules the next attempt at {@code nextAttempt}.
   *
   * @param failed     counts as a failed attempt (a throttled call does not)
   * @param lastError  what went wrong, in our words (never a provider's body); null keeps the last one
   * @param inDoubt    the call may have reached the provider and rotated the refresh token
   */
  public Future<Void> defer(UUID connectionId, String leaseOwner, Instant nextAttempt, boolean failed,
      String lastError, boolean inDoubt) {
    return defer(connectionId, leaseOwner, nextAttempt, failed, lastError, inDoubt, null);
  }

  /**
   * As {@link #defer(UUID, String, Instant, boolean, String, boolean)}, for a forced refresh that failed at
   * {@code forcedFailedAt} (null: the attempt was not forced): forced vends until 30 s later get this failure.
   */
  public Future<Void> defer(UUID connectionId, String leaseOwner, Instant nextAttempt, boolean failed,
      String lastError, boolean inDoubt, Instant forcedFailedAt) {
    return database.system().execute(DEFER, Tuple.from(new Object[] {connectionId, leaseOwner,
        nextAttempt.atOffset(ZoneOffset.UTC), failed ? 1 : 0, lastError, inDoubt,
        forcedFailedAt == null ? null : forcedFailedAt.atOffset(ZoneOffset.UTC)})).mapEmpty();
  }

  public Future<Long> dueBacklog() {
    return database.system().query(DUE_BACKLOG).map(rows -> rows.iterator().next().getLong(0));
  }

  /**
   * Moves an active connection to {@code needs_reauth}, stops refreshing it, and writes the
   * {@code connection.needs_reauth} event to the outbox — all in one transaction.
   *
   * @return the event, or empty when the connection was no longer active (nothing changed)
   */
  public Future<Optional<ConnectionEvent>> needsReauth(String owner, UUID connectionId, String reason,
      String detail) {
    return database.system().withTransaction(conn -> conn.preparedQuery(NEEDS_REAUTH)
        .execute(Tuple.of(connectionId, owner, reason))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.<ConnectionEvent>empty());
          }
          Row row = rows.iterator().next();
          ConnectionEvent event = Outbox.connectionEvent(EventType.CONNECTION_NEEDS_REAUTH, connectionId, owner,
              row.getString("connector"), ConnectionStatus.NEEDS_REAUTH, reason, detail,
              row.getLong("event_sequence"));
          return conn.preparedQuery(STOP_REFRESHING).execute(Tuple.of(connectionId, detail))
              .compose(v -> Outbox.record(conn, event))
              .compose(recorded -> notifyChange(conn, connectionId).map(Optional.of(recorded)));
        }));
  }

  private static Future<Void> notifyChange(SqlConnection conn, UUID connectionId) {
    return conn.preparedQuery(NOTIFY).execute(Tuple.of(connectionId.toString())).mapEmpty();
  }

  private static List<Claim> claims(RowSet<Row> rows) {
    List<Claim> claims = new ArrayList<>(rows.size());
    for (Row row : rows) {
      claims.add(new Claim(row.getUUID("connection_id"), row.getString("owner"), row.getString("connector"),
          row.getLong("secret_version"), row.getInteger("failure_count"),
          ConnectionRows.instant(row.getOffsetDateTime("refresh_due_at")),
          ConnectionRows.instant(row.getOffsetDateTime("last_refreshed_at")),
          ConnectionRows.instant(row.getOffsetDateTime("forced_refresh_failed_at")), row.getString("last_error"),
          Boolean.TRUE.equals(row.getBoolean("refresh_in_doubt")),
          ConnectionRows.strings(row.getArrayOfStrings("scopes")), row.getLong("kek_key_id"),
          bytes(row.getBuffer("wrapped_key")), bytes(row.getBuffer("refresh_token"))));
    }
    return claims;
  }

  private static byte[] bytes(io.vertx.core.buffer.Buffer buffer) {
    return buffer == null ? null : buffer.getBytes();
  }

  private static double seconds(Duration duration) {
    return duration.toMillis() / 1000.0;
  }
}
