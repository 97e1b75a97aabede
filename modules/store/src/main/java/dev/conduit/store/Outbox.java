package dev.conduit.store;

import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.webhook.EventType;
import dev.conduit.core.webhook.WebhookBody;
import io.vertx.core.Future;
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
 * The stored body ({@link WebhookBody}) is what is signed and sent.
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

  /** A new event about a connection, happening now, numbered {@code sequence} among the connection's events. */
  static ConnectionEvent connectionEvent(EventType type, UUID connectionId, String owner, String connector,
      ConnectionStatus status, String reason, String detail, long sequence) {
    return new ConnectionEvent(newEventId(), type, connectionId, owner, connector, status, reason, detail, sequence,
        now());
  }

  /** A test event for one endpoint, with its one delivery, in the caller's transaction. */
  public static Future<String> recordTest(SqlConnection conn, String owner, UUID endpointId) {
    String id = newEventId();
    Instant at = now();
    return conn.preparedQuery(INSERT_EVENT).execute(Tuple.from(new Object[] {id, owner, null,
            EventType.WEBHOOK_TEST.wireName(), null, WebhookBody.test(endpointId, owner, at),
            at.atOffset(ZoneOffset.UTC)}))
        .compose(v -> conn.preparedQuery(DELIVER_TO_ONE).execute(Tuple.of(id, endpointId, owner)))
        .map(id);
  }

  /** Writes the event and its deliveries on {@code conn}, inside the caller's transaction. */
  public static Future<ConnectionEvent> record(SqlConnection conn, ConnectionEvent event) {
    String type = event.type().wireName();
    return conn.preparedQuery(INSERT_EVENT).execute(Tuple.from(new Object[] {
            event.eventId(), event.owner(), event.connectionId(), type, event.sequence(),
            WebhookBody.of(event), event.occurredAt().atOffset(ZoneOffset.UTC)}))
        .compose(v -> conn.preparedQuery(FAN_OUT).execute(Tuple.of(event.eventId(), event.owner(), type)))
        .map(event);
  }

  /** Now, at the database's microsecond precision, so what is stored equals what was published. */
  public static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MICROS);
  }
}
