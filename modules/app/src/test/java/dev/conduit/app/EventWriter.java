package dev.conduit.app;

import dev.conduit.core.webhook.WebhookBody;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.Outbox;
import dev.conduit.store.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Writes {@code webhook.test} events into the outbox directly, as many and as fast as a test needs (through the API
 * each would also need a webhook endpoint and a delivery). The body is WebhookBody's, as the outbox stores it.
 */
final class EventWriter {

  private EventWriter() {
  }

  /** Writes {@code count} events of {@code owner}, {@code perTransaction} to a transaction; returns their ids. */
  static List<String> write(String owner, int count, int perTransaction) {
    DatabaseUrl url = TestDatabase.url();
    List<String> ids = new ArrayList<>();
    try (Connection jdbc = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        PreparedStatement insert = jdbc.prepareStatement(
            "INSERT INTO webhook_events (id, owner, type, payload) VALUES (?, ?, 'webhook.test', ?)")) {
      jdbc.setAutoCommit(false);
      for (int i = 0; i < count; i++) {
        String id = Outbox.newEventId();
        insert.setString(1, id);
        insert.setString(2, owner);
        insert.setString(3, WebhookBody.test(UUID.randomUUID(), owner, Instant.now()));
        insert.executeUpdate();
        ids.add(id);
        if ((i + 1) % perTransaction == 0 || i == count - 1) {
          jdbc.commit();
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("writing events failed", e);
    }
    return ids;
  }

  static String writeOne(String owner) {
    return write(owner, 1, 1).get(0);
  }

  /** Writes {@code count} events of {@code owner} in one statement (fast; for volume). */
  static void writeMany(String owner, int count) {
    String body = WebhookBody.test(UUID.randomUUID(), owner, Instant.now()).replace("'", "''");
    Sql.rows("WITH written AS (INSERT INTO webhook_events (id, owner, type, payload)"
        + " SELECT 'evt_' || replace(gen_random_uuid()::text, '-', ''), '" + owner + "', 'webhook.test', '" + body + "'"
        + " FROM generate_series(1, " + count + ") RETURNING 1) SELECT count(*) FROM written");
  }
}
