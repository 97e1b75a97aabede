package dev.conduit.store;

import dev.conduit.core.config.OwnerLimit;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.webhook.Delivery;
import dev.conduit.core.webhook.DeliveryStatus;
import dev.conduit.core.webhook.EndpointStatus;
import dev.conduit.core.webhook.EventType;
import dev.conduit.core.webhook.WebhookEndpoint;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Owners' webhook endpoints and their deliveries, as the owners see them. Every query filters on the owner;
 * the signing secret is written sealed and read only, still sealed, for the vault to rotate it.
 */
public final class WebhookRepository {

  private static final String COLUMNS = "id, owner, url, events, status, status_reason, created_at, updated_at";
  /** Inserts nothing when the owner already has $8 endpoints (counting stops there). */
  private static final String INSERT = """
      INSERT INTO webhook_endpoints (id, owner, url, events, kek_key_id, wrapped_key, secret)
      SELECT $1::uuid, $2::text, $3::text, $4::text[], $5::bigint, $6::bytea, $7::bytea
      WHERE (SELECT count(*) FROM (SELECT 1 FROM webhook_endpoints WHERE owner = $2 LIMIT $8) held) < $8
      RETURNING\s""" + COLUMNS;
  private static final String LIST = "SELECT " + COLUMNS
      + " FROM webhook_endpoints WHERE owner = $1 ORDER BY created_at DESC, id DESC";
  private static final String FIND = "SELECT " + COLUMNS + " FROM webhook_endpoints WHERE id = $1 AND owner = $2";
  private static final String REACTIVATE = """
      UPDATE webhook_endpoints
      SET status = 'active', status_reason = NULL,
        updated_at = CASE WHEN status = 'active' THEN updated_at ELSE now() END
      WHERE id = $1 AND owner = $2
      RETURNING id""";
  /** $3 url, $4 events, $5 enabled: each null to keep what is there. */
  private static final String UPDATE = """
      UPDATE webhook_endpoints
      SET url = COALESCE($3::text, url), events = COALESCE($4::text[], events),
        status = CASE WHEN $5::boolean IS NULL THEN status WHEN $5 THEN 'active' ELSE 'disabled' END,
        status_reason = CASE WHEN $5::boolean IS NULL THEN status_reason WHEN $5 THEN NULL
                             ELSE 'disabled by its owner' END,
        updated_at = now()
      WHERE id = $1 AND owner = $2
      RETURNING\s""" + COLUMNS;
  private static final String DELETE = "DELETE FROM webhook_endpoints WHERE id = $1 AND owner = $2";
  /** The row stays locked until the rotation's transaction ends: two rotations of one endpoint take turns. */
  private static final String LOCK_SECRET = """
      SELECT kek_key_id, wrapped_key, secret, secret_version FROM webhook_endpoints
      WHERE id = $1 AND owner = $2
      FOR UPDATE""";
  /** $3 the new ciphertext, sealed at $4 (the locked version + 1); $5 the overlap in seconds. */
  private static final String ROTATE_SECRET = """
      UPDATE webhook_endpoints
      SET previous_secret = secret, previous_secret_until = now() + make_interval(secs => $5),
        secret = $3, secret_version = $4, updated_at = now()
      WHERE id = $1 AND owner = $2
      RETURNING\s""" + COLUMNS + ", previous_secret_until";
  private static final String DELIVERIES = """
      SELECT d.id, d.event_id, e.type, d.status, d.attempts, d.last_status_code, d.last_error, d.next_attempt_at,
        d.delivered_at, d.created_at
      FROM webhook_deliveries d JOIN webhook_events e ON e.id = d.event_id
      WHERE d.endpoint_id = $1 AND d.owner = $2
      """ + PageRequest.keyset("d", 3);
  private static final String HISTORY = """
      SELECT delivery_id, attempt, attempted_at, status_code, error, duration_ms
      FROM (SELECT a.*, row_number() OVER (PARTITION BY delivery_id ORDER BY attempt DESC) AS newest
            FROM webhook_attempts a WHERE delivery_id = ANY ($1)) latest
      WHERE newest <= $2
      ORDER BY delivery_id, attempt""";
  private static final String REDELIVER = """
      UPDATE webhook_deliveries
      SET status = 'pending', next_attempt_at = now(), lease_until = NULL, schedule_start = attempts
      WHERE id = $1 AND endpoint_id = $2 AND owner = $3
      RETURNING id""";

  private final Database database;

  public WebhookRepository(Database database) {
    this.database = database;
  }

  /**
   * Stores a new endpoint with its secret, sealed under a data key wrapped by key {@code kekKeyId}, unless the owner
   * already has {@code maxPerOwner} endpoints: concurrent creates of one owner never take it beyond.
   *
   * @throws ConduitException LIMIT_REACHED
   */
  public Future<WebhookEndpoint> create(UUID id, String owner, String url, List<EventType> events, long kekKeyId,
      byte[] wrappedKey, byte[] sealedSecret, int maxPerOwner) {
    Tuple params = Tuple.from(new Object[] {id, owner, url,
        events.stream().map(EventType::wireName).toArray(String[]::new), kekKeyId, Buffer.buffer(wrappedKey),
        Buffer.buffer(sealedSecret), maxPerOwner});
    return database.forOwner(owner).withTransaction(conn -> OwnerLock.take(conn, owner)
            .compose(locked -> conn.preparedQuery(INSERT).execute(params)))
        .compose(rows -> rows.size() == 1
            ? Future.succeededFuture(endpoint(rows.iterator().next()))
            : Future.failedFuture(OwnerLimit.WEBHOOKS.reached(maxPerOwner)));
  }

  public Future<List<WebhookEndpoint>> list(String owner) {
    return database.forOwner(owner).execute(LIST, Tuple.of(owner)).map(rows -> {
      List<WebhookEndpoint> endpoints = new ArrayList<>();
      rows.forEach(row -> endpoints.add(endpoint(row)));
      return endpoints;
    });
  }

  public Future<Optional<WebhookEndpoint>> find(String owner, UUID id) {
    return database.forOwner(owner).execute(FIND, Tuple.of(id, owner))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(endpoint(rows.iterator().next())));
  }

  /**
   * Changes an endpoint: its URL, its event types, whether it is in service ({@code enabled}); null keeps each.
   * Taking it out of service holds its pending deliveries; putting it back resumes them.
   *
   * @return the endpoint as it is now; empty when the owner has no such endpoint
   */
  public Future<Optional<WebhookEndpoint>> update(String owner, UUID id, String url, List<EventType> events,
      Boolean enabled) {
    return database.forOwner(owner).execute(UPDATE, Tuple.of(id, owner, url,
            events == null ? null : events.stream().map(EventType::wireName).toArray(String[]::new), enabled))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(endpoint(rows.iterator().next())));
  }

  /**
   * An endpoint's signing secret as it is stored: sealed at {@code version} under a data key wrapped by key
   * {@code kekKeyId}. For the vault only.
   */
  public record SealedSecret(long kekKeyId, byte[] wrappedKey, byte[] secret, long version) {
  }

  /** An endpoint whose secret was just replaced; the replaced one still signs until {@code previousSecretUntil}. */
  public record Rotated(WebhookEndpoint endpoint, Instant previousSecretUntil) {
  }

  /**
   * Replaces an endpoint's signing secret, in one transaction holding the endpoint's row: {@code sealNext} is given
   * the stored secret and returns the new one sealed at {@code version + 1} under the same data key; the stored one
   * becomes the previous secret, used beside the new one for {@code overlap}. A previous secret from an earlier
   * rotation is dropped, so deliveries never carry more than two signatures. Only the secret columns change: the
   * data key (and so a concurrent {@code rewrap}) is untouched.
   *
   * @return the endpoint as it is now; empty when the owner has no such endpoint
   */
  public Future<Optional<Rotated>> rotateSecret(String owner, UUID id, Duration overlap,
      Function<SealedSecret, byte[]> sealNext) {
    return database.forOwner(owner).withTransaction(conn -> conn.preparedQuery(LOCK_SECRET).execute(Tuple.of(id, owner))
        .compose(locked -> {
          if (locked.size() == 0) {
            return Future.succeededFuture(Optional.<Rotated>empty());
          }
          Row row = locked.iterator().next();
          SealedSecret stored = new SealedSecret(row.getLong("kek_key_id"), row.getBuffer("wrapped_key").getBytes(),
              row.getBuffer("secret").getBytes(), row.getLong("secret_version"));
          byte[] next = sealNext.apply(stored);
          return conn.preparedQuery(ROTATE_SECRET).execute(Tuple.of(id, owner, Buffer.buffer(next),
                  stored.version() + 1, overlap.toMillis() / 1000.0))
              .map(rows -> {
                Row updated = rows.iterator().next();
                return Optional.of(new Rotated(endpoint(updated),
                    ConnectionRows.instant(updated.getOffsetDateTime("previous_secret_until"))));
              });
        }));
  }

  /** Deletes the endpoint; its pending deliveries go with it. False when there was none. */
  public Future<Boolean> delete(String owner, UUID id) {
    return database.forOwner(owner).execute(DELETE, Tuple.of(id, owner)).map(rows -> rows.rowCount() == 1);
  }

  /**
   * Queues a {@code webhook.test} event for one endpoint. An owner's test is also how a disabled or failed endpoint
   * is put back into service, so the endpoint becomes active again.
   *
   * @return the event id
   * @throws ConduitException NOT_FOUND
   */
  public Future<String> test(String owner, UUID id) {
    return database.forOwner(owner).withTransaction(conn -> reactivate(conn, owner, id)
        .compose(found -> found ? Outbox.recordTest(conn, owner, id) : Future.failedFuture(notFound())));
  }

  /** The endpoint's deliveries, newest first, each with its latest attempts. */
  public Future<Page<Delivery>> deliveries(String owner, UUID endpointId, PageRequest page) {
    return database.forOwner(owner).execute(DELIVERIES, Tuple.of(endpointId, owner, page.afterCreatedAt(),
            page.afterId(), page.limit()))
        .compose(rows -> {
          List<UUID> ids = new ArrayList<>();
          rows.forEach(row -> ids.add(row.getUUID("id")));
          return database.forOwner(owner).execute(HISTORY, Tuple.of(ids.toArray(UUID[]::new), Delivery.HISTORY_LIMIT))
              .map(attempts -> Page.of(deliveries(rows, history(attempts)), page,
                  delivery -> new Cursor(delivery.createdAt(), delivery.id())));
        });
  }

  private static Map<UUID, List<Delivery.Attempt>> history(RowSet<Row> rows) {
    Map<UUID, List<Delivery.Attempt>> history = new HashMap<>();
    for (Row row : rows) {
      history.computeIfAbsent(row.getUUID("delivery_id"), id -> new ArrayList<>()).add(new Delivery.Attempt(
          row.getInteger("attempt"), ConnectionRows.instant(row.getOffsetDateTime("attempted_at")),
          row.getInteger("status_code"), row.getString("error"), row.getInteger("duration_ms")));
    }
    return history;
  }

  /**
   * Sends a delivery's event again (same event, same webhook-id) with a fresh retry schedule, and puts its endpoint
   * back into service. False when the owner has no such delivery on that endpoint.
   */
  public Future<Boolean> redeliver(String owner, UUID endpointId, UUID deliveryId) {
    return database.forOwner(owner).withTransaction(conn -> conn.preparedQuery(REDELIVER)
            .execute(Tuple.of(deliveryId, endpointId, owner))
        .compose(rows -> rows.rowCount() == 1 ? reactivate(conn, owner, endpointId) : Future.succeededFuture(false)));
  }

  private static Future<Boolean> reactivate(SqlConnection conn, String owner, UUID id) {
    return conn.preparedQuery(REACTIVATE).execute(Tuple.of(id, owner)).map(rows -> rows.rowCount() == 1);
  }

  private static List<Delivery> deliveries(RowSet<Row> rows, Map<UUID, List<Delivery.Attempt>> history) {
    List<Delivery> items = new ArrayList<>(rows.size());
    for (Row row : rows) {
      items.add(new Delivery(row.getUUID("id"), row.getString("event_id"),
          StoredNames.of(EventType.class, row.getString("type")),
          StoredNames.of(DeliveryStatus.class, row.getString("status")), row.getInteger("attempts"),
          row.getInteger("last_status_code"),
          row.getString("last_error"), ConnectionRows.instant(row.getOffsetDateTime("next_attempt_at")),
          ConnectionRows.instant(row.getOffsetDateTime("delivered_at")),
          ConnectionRows.instant(row.getOffsetDateTime("created_at")),
          history.getOrDefault(row.getUUID("id"), List.of())));
    }
    return items;
  }

  private static WebhookEndpoint endpoint(Row row) {
    return new WebhookEndpoint(row.getUUID("id"), row.getString("owner"), row.getString("url"),
        Arrays.stream(row.getArrayOfStrings("events")).map(type -> StoredNames.of(EventType.class, type)).toList(),
        StoredNames.of(EndpointStatus.class, row.getString("status")), row.getString("status_reason"),
        ConnectionRows.instant(row.getOffsetDateTime("created_at")),
        ConnectionRows.instant(row.getOffsetDateTime("updated_at")));
  }

  private static ConduitException notFound() {
    return new ConduitException(ErrorCode.NOT_FOUND, "no webhook with this id");
  }
}
