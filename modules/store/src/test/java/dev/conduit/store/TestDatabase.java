package dev.conduit.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One real PostgreSQL per test JVM (embedded binaries, throw-away data directory), migrated once. Tests share
 * it and clear the tables they use with {@link #truncateAll()}.
 */
public final class TestDatabase {

  private static DatabaseUrl url;

  private TestDatabase() {
  }

  public static synchronized DatabaseUrl url() {
    if (url == null) {
      try {
        EmbeddedPostgres postgres = EmbeddedPostgres.builder().start();
        url = DatabaseUrl.local(postgres.getPort(), "postgres", "postgres");
        Migrations.apply(url);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start the test PostgreSQL", e);
      }
    }
    return url;
  }

  /** Empties every application table (the schema history stays). */
  public static void truncateAll() {
    execute("TRUNCATE connections, credentials, oauth_flows, webhook_endpoints, webhook_events,"
        + " webhook_deliveries, webhook_attempts CASCADE");
  }

  /** Runs one statement over JDBC, outside Vert.x: for fixtures and assertions in tests. */
  public static void execute(String sql) {
    DatabaseUrl database = url();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }
}
