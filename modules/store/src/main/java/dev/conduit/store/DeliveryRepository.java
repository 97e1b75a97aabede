package dev.conduit.store;

import dev.conduit.core.webhook.DeliveryStatus;
import dev.conduit.core.webhook.EndpointStatus;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The dispatcher's side of the outbox: claims of due deliveries ({@code FOR UPDATE SKIP LOCKED} plus a lease, so
 * a crashed replica's claims come back), the record of each attempt, and what follows from its outcome.
 */
public final class DeliveryRepository {

  /**
   * A claimed delivery, with what is needed to send it: the event's exact body and the endpoint's sealed secret (at
   * {@code secretVersion}), and, while a rotation's overlap lasts, the secret it replaced (at
   * {@code secretVersion - 1}; null otherwise).
   */
  public record Claimed(UUID id, String eventId, UUID endpointId, String owner, int attempts, int scheduleStart,
      String payload, String url, EndpointStatus endpointStatus, long kekKeyId, byte[] wrappedKey,
      byte[] sealedSecret, long secretVersion, byte[] previousSecret) {
  }

  /** What is waiting: pending deliveries, and how long the oldest has waited. */
  public record Backlog(long pending, Duration oldest) {
  }

  private static final String CLAIM = """
      WITH claimed AS (
        UPDATE webhook_deliveries SET lease_until = now() + make_interval(secs => $1)
        WHERE id IN (
          SELECT id FROM webhook_deliveries
          WHERE status = 'pending' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
            -- an endpoint out of service holds its deliveries until it is back (PATCH enabled, test, redeliver)
            AND EXISTS (SELECT 1 FROM webhook_endpoints w WHERE w.id = endpoint_id AND w.status = 'active')
          ORDER BY next_attempt_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED)
        RETURNING id, event_id, endpoint_id, owner, attempts, schedule_start)
      SELECT c.id, c.event_id, c.endpoint_id, c.owner, c.attempts, c.schedule_start, e.payload, w.url, w.status, w.kek_key_id,
        w.wrapped_key, w.secret, w.secret_version,
        CASE WHEN w.previous_secret_until > now() THEN w.previous_secret END AS previous_secret
      FROM claimed c JOIN webhook_events e ON e.id = c.event_id JOIN webhook_endpoints w ON w.id = c.endpoint_id""";
  /** The attempt's row and the delivery's new state in one statement: one round trip, atomic. */
  /**
   * The attempt, the delivery's new state and, when the attempt takes the endpoint out of service, the endpoint's
   * status: one statement, so nobody ever sees a delivery failed by a 410 while its endpoint still looks active.
   */
  private static final String RECORD = """
      WITH attempt AS (
        INSERT INTO webhook_attempts (delivery_id, attempt, status_code, error, duration_ms)
        SELECT id, $2, $3, $4, $5 FROM webhook_deliveries WHERE id = $1),
      endpoint AS (
        UPDATE webhook_endpoints SET status = $8, status_reason = $9, updated_at = now()
        WHERE $8::text IS NOT NULL AND status = 'active'
          AND id = (SELECT endpoint_id FROM webhook_deliveries WHERE id = $1))
      UPDATE webhook_deliveries SET attempts = $2, last_status_code = $3, last_error = $4, status = $6,
        next_attempt_at = $7, delivered_at = CASE WHEN $6 = 'delivered' THEN now() END, lease_until = NULL
      WHERE id = $1""";
  private static final String BACKLOG = """
      SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)
      FROM webhook_deliveries WHERE status = 'pending'""";

  private static final String PURGE = """
      DELETE FROM webhook_events WHERE id IN (
        SELECT e.id FROM webhook_events e
        WHERE e.created_at < now() - make_interval(secs => $1)
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.event_id = e.id AND d.status = 'pending')
        ORDER BY e.created_at
        LIMIT $2
        FOR UPDATE SKIP LOCKED)""";

  private final Database database;

  public DeliveryRepository(Database database) {
    this.database = database;
  }

  public Future<List<Claimed>> claimDue(Duration lease, int batchSize) {
    return database.system().execute(CLAIM, Tuple.of(lease.toMillis() / 1000.0, batchSize)).map(rows -> {
      List<Claimed> claimed = new ArrayList<>(rows.size());
      for (Row row : rows) {
        claimed.add(new Claimed(row.getUUID("id"), row.getString("event_id"), row.getUUID("endpoint_id"),
            row.getString("owner"), row.getInteger("attempts"), row.getInteger("schedule_start"),
            row.getString("payload"), row.getString("url"),
            StoredNames.of(EndpointStatus.class, row.getString("status")), row.getLong("kek_key_id"),
            bytes(row.getBuffer("wrapped_key")), bytes(row.getBuffer("secret")), row.getLong("secret_version"),
            bytes(row.getBuffer("previous_secret"))));
      }
      return claimed;
    });
  }

  /**
   * Records one attempt and its consequence for the delivery, atomically. A delivery deleted meanwhile
   * (its endpoint was deleted while the request was in flight) is left deleted.
   *
   * @param status      delivered, pending (try again at {@code nextAttempt}) or failed
   * @param statusCode  the receiver's HTTP status, or null when there was no answer
   * @param durationMs  how long the request took; negative (stored as 0) when none was made
   * @param error       what went wrong, in our words, or null
   */
  /** An endpoint taken out of service by an attempt (disabled after 410 Gone, failed after a whole schedule). */
  public record EndpointChange(EndpointStatus status, String reason) {
  }

  /** Records an attempt; {@code endpointChange} (or null) is applied in the same statement. */
  public Future<Void> recordAttempt(UUID deliveryId, int attempt, Integer statusCode, String error, long durationMs,
      DeliveryStatus status, Instant nextAttempt, EndpointChange endpointChange) {
    return database.system().execute(RECORD, Tuple.from(new Object[] {deliveryId, attempt, statusCode, error,
            (int) Math.max(0, Math.min(durationMs, Integer.MAX_VALUE)), status.wireName(),
            nextAttempt == null ? null : nextAttempt.atOffset(ZoneOffset.UTC),
            endpointChange == null ? null : endpointChange.status().wireName(),
            endpointChange == null ? null : endpointChange.reason()}))
        .mapEmpty();
  }

  /**
   * Deletes up to {@code limit} events older than {@code retention} that have no pending delivery, with their
   * deliveries and attempts. Returns how many events went.
   */
  public Future<Integer> purge(Duration retention, int limit) {
    return database.system().execute(PURGE, Tuple.of(retention.toMillis() / 1000.0, limit))
        .map(rows -> rows.rowCount());
  }

  public Future<Backlog> backlog() {
    return database.system().query(BACKLOG).map(rows -> {
      Row row = rows.iterator().next();
      return new Backlog(row.getLong(0), Duration.ofMillis((long) (row.getNumeric(1).doubleValue() * 1000)));
    });
  }

  private static byte[] bytes(Buffer buffer) {
    return buffer == null ? null : buffer.getBytes();
  }
}
