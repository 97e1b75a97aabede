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

  /** PostgreSQL's SQLSTATE for a transaction it chose to abort to break a deadlock. */
  private static final String DEADLOCK_DETECTED = "40P01";
  private static final int TRUNCATE_TRIES = 5;

  /**
   * Empties every application table (the schema history stays). A server still running in the test (its sweep,
   * dispatcher or retention) may hold row locks on some of these tables while it waits for another; PostgreSQL
   * then aborts one side of the deadlock. When it picks the TRUNCATE, the TRUNCATE is simply made again.
   */
  public static void truncateAll() {
    String truncate = "TRUNCATE connections, credentials, oauth_flows, connect_sessions, webhook_endpoints, webhook_events,"
        + " rate_windows, cluster_replicas,"
        + " webhook_deliveries, webhook_attempts, audit_events, api_keys CASCADE";
    for (int attempt = 1; ; attempt++) {
      try {
        executeOrThrow(truncate);
        return;
      } catch (SQLException e) {
        if (!DEADLOCK_DETECTED.equals(e.getSQLState()) || attempt == TRUNCATE_TRIES) {
          throw new IllegalStateException("test SQL failed: " + truncate, e);
        }
      }
    }
  }

  /** Runs one statement over JDBC, outside Vert.x: for fixtures and assertions in tests. */
  public static void execute(String sql) {
    try {
      executeOrThrow(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }

  /** The single number a {@code SELECT count(*) ...} answers, read over JDBC as the superuser (row security aside). */
  public static long count(String sql) {
    DatabaseUrl database = url();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); Statement statement = connection.createStatement();
        java.sql.ResultSet rows = statement.executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }

  private static void executeOrThrow(String sql) throws SQLException {
    DatabaseUrl database = url();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }
}
