package dev.conduit.store;

import dev.conduit.core.bus.ConnectionEvent;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * The transactional outbox: an event is written in the same transaction as the change it reports, with one
 * pending delivery per subscribed webhook endpoint of the owner. If the transaction rolls back, neither the
 * change nor the event exists; once it commits, the event is delivered even if the process dies right after.
 */
public final class Outbox {

  private static final String INSERT_EVENT = """
      INSERT INTO webhook_events (id, owner, connection_id, type, sequence, payload, created_at)
      VALUES ($1, $2, $3, $4, $5, $6, $7)""";
  private static final String FAN_OUT = """
      INSERT INTO webhook_deliveries (id, event_id, endpoint_id, owner, next_attempt_at)
      SELECT gen_random_uuid(), $1, e.id, e.owner, now()
      FROM webhook_endpoints e
      WHERE e.owner = $2 AND e.status = 'active' AND $3 = ANY (e.events)""";
  private static final String DELIVER_TO_ONE = """
      INSERT INTO webhook_deliveries (id, event_id, endpoint_id, owner, next_attempt_at)
      VALUES (gen_random_uuid(), $1, $2, $3, now())""";

  private Outbox() {
  }

  /** A new event id: {@code evt_} and 32 hex digits (no dots, as Standard Webhooks requires of a webhook-id). */
  public static String newEventId() {
    return "evt_" + UUID.randomUUID().toString().replace("-", "");
  }

  /** A test event for one endpoint, with its one delivery, in the caller's transaction. */
  public static Future<String> recordTest(SqlConnection conn, String owner, UUID endpointId) {
    String id = newEventId();
    String payload = new JsonObject()
        .put("type", "webhook.test")
        .put("timestamp", now().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("data", new JsonObject().put("webhookId", endpointId.toString()).put("owner", owner))
        .encode();
    return conn.preparedQuery(INSERT_EVENT).execute(Tuple.from(new Object[] {id, owner, null, "webhook.test", null,
            payload, now().atOffset(ZoneOffset.UTC)}))
        .compose(v -> conn.preparedQuery(DELIVER_TO_ONE).execute(Tuple.of(id, endpointId, owner)))
        .map(id);
  }

  /** Writes the event and its deliveries on {@code conn}, inside the caller's transaction. */
  public static Future<ConnectionEvent> record(SqlConnection conn, ConnectionEvent event) {
    return conn.preparedQuery(INSERT_EVENT).execute(Tuple.from(new Object[] {
            event.eventId(), event.owner(), event.connectionId(), event.type(), event.sequence(),
            payload(event).encode(), event.occurredAt().atOffset(ZoneOffset.UTC)}))
        .compose(v -> conn.preparedQuery(FAN_OUT).execute(Tuple.of(event.eventId(), event.owner(), event.type())))
        .map(event);
  }

  /** The webhook body of an event, as API.md specifies it. Never secret material. */
  public static JsonObject payload(ConnectionEvent event) {
    JsonObject data = new JsonObject()
        .put("connectionId", event.connectionId().toString())
        .put("owner", event.owner())
        .put("connector", event.connector())
        .put("status", event.status())
        .put("sequence", event.sequence());
    if (event.reason() != null) {
      data.put("reason", event.reason());
    }
    if (event.detail() != null) {
      data.put("detail", event.detail());
    }
    return new JsonObject()
        .put("type", event.type())
        .put("timestamp", event.occurredAt().truncatedTo(ChronoUnit.SECONDS).toString())
        .put("data", data);
  }

  /** Now, at the database's microsecond precision, so what is stored equals what was published. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
