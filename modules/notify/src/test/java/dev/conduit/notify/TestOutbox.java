package dev.conduit.notify;

import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.PgPools;
import dev.conduit.store.TestDatabase;
import dev.conduit.store.WebhookRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * The outbox as a test sees it: events queued through the store's own repository (as the HTTP layer queues a
 * test event), and what the tables hold afterwards, read over JDBC outside Vert.x — stored values (statuses as
 * their wire names), so a test does not depend on how the code represents them.
 */
final class TestOutbox {

  /** A delivery row. */
  record Delivery(UUID id, String eventId, String status, int attempts, Integer lastStatusCode, String lastError,
      Instant nextAttemptAt, Instant leaseUntil, Instant deliveredAt) {
  }

  /** An endpoint's state. */
  record Endpoint(String status, String statusReason) {
  }

  private static final String DELIVERY = """
      SELECT id, event_id, status, attempts, last_status_code, last_error, next_attempt_at, lease_until, delivered_at
      FROM webhook_deliveries WHERE event_id = ?""";

  private TestOutbox() {
  }

  /** Queues a {@code webhook.test} event with one delivery to the owner's endpoint; the event id. */
  static Future<String> queueTestEvent(Vertx vertx, String owner, UUID endpointId) {
    return new WebhookRepository(PgPools.shared(vertx, TestDatabase.url(), 4)).test(owner, endpointId);
  }

  /** The one delivery of an event. */
  static Delivery delivery(String eventId) {
    return query(DELIVERY, eventId, rs -> {
      if (!rs.next()) {
        throw new IllegalStateException("no delivery for event " + eventId);
      }
      Delivery delivery = new Delivery(rs.getObject("id", UUID.class), rs.getString("event_id"),
          rs.getString("status"), rs.getInt("attempts"), (Integer) rs.getObject("last_status_code"),
          rs.getString("last_error"), instant(rs.getTimestamp("next_attempt_at")),
          instant(rs.getTimestamp("lease_until")), instant(rs.getTimestamp("delivered_at")));
      if (rs.next()) {
        throw new IllegalStateException("more than one delivery for event " + eventId);
      }
      return delivery;
    });
  }

  static Endpoint endpoint(UUID endpointId) {
    return query("SELECT status, status_reason FROM webhook_endpoints WHERE id = ?", endpointId, rs -> {
      rs.next();
      return new Endpoint(rs.getString(1), rs.getString(2));
    });
  }

  /** How many attempts are recorded for a delivery. */
  static int attemptRows(UUID deliveryId) {
    return query("SELECT count(*) FROM webhook_attempts WHERE delivery_id = ?", deliveryId, rs -> {
      rs.next();
      return rs.getInt(1);
    });
  }

  /** The event's body exactly as stored: what the receiver must get, byte for byte. */
  static String payload(String eventId) {
    return query("SELECT payload FROM webhook_events WHERE id = ?", eventId, rs -> {
      rs.next();
      return rs.getString(1);
    });
  }

  /** How many deliveries are claimed right now (a lease that has not been given back). */
  static int claimed() {
    return query("SELECT count(*) FROM webhook_deliveries WHERE lease_until IS NOT NULL", null, rs -> {
      rs.next();
      return rs.getInt(1);
    });
  }

  @FunctionalInterface
  private interface Reader<T> {
    T read(ResultSet rs) throws SQLException;
  }

  /** Runs {@code sql} with its one parameter, or none when {@code parameter} is null. */
  private static <T> T query(String sql, Object parameter, Reader<T> reader) {
    DatabaseUrl database = TestDatabase.url();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); PreparedStatement statement = connection.prepareStatement(sql)) {
      if (parameter != null) {
        statement.setObject(1, parameter);
      }
      try (ResultSet rs = statement.executeQuery()) {
        return reader.read(rs);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }

  private static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }
}
