package dev.conduit.app;

import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What the database holds, table by table (row count and a digest of every row), for every table of the public
 * schema except the few that change by design while a request is refused. Tables are found in the catalog, not
 * listed here, so a table added by a later migration is covered without anyone remembering to add it.
 */
final class DatabaseDigest {

  /**
   * Tables a refused request may change, and why. Anything else that differs after a hostile request is a bug.
   */
  static final Map<String, String> NOT_COMPARED = Map.of(
      "flyway_schema_history", "the migrations' own bookkeeping",
      "cluster_replicas", "each replica's heartbeat, updated on a timer",
      "rate_windows", "cluster-wide rate ceiling counters, leased on a timer and by vends",
      "audit_events", "the audit trail records refused attempts too (outcome = the error code), flushed in batches");

  private DatabaseDigest() {
  }

  /** One connection for every snapshot: a suite takes two per hostile request, and connecting is the slow part. */
  private static Connection connection;
  private static String query;

  /** Table name to {@code "<rows> rows, md5 <digest>"}, sorted by name. */
  static synchronized Map<String, String> snapshot() {
    try {
      if (connection == null || !connection.isValid(5)) {
        DatabaseUrl database = TestDatabase.url();
        connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        query = null;
      }
      try (Statement statement = connection.createStatement()) {
        if (query == null) {
          // one round trip for all tables; the list is read once, as tables only come and go with migrations
          query = String.join(" UNION ALL ", tables(statement).stream().map(table -> "SELECT '" + table
              + "', count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM " + table + " t")
              .toList());
        }
        Map<String, String> tables = new TreeMap<>();
        try (ResultSet rows = statement.executeQuery(query)) {
          while (rows.next()) {
            tables.put(rows.getString(1), rows.getLong(2) + " rows, md5 " + rows.getString(3));
          }
        }
        return tables;
      }
    } catch (SQLException e) {
      throw new IllegalStateException("cannot take a digest of the test database", e);
    }
  }

  private static List<String> tables(Statement statement) throws SQLException {
    List<String> names = new ArrayList<>();
    try (ResultSet rows = statement.executeQuery("SELECT quote_ident(table_name) FROM information_schema.tables"
        + " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    Set<String> skipped = NOT_COMPARED.keySet();
    names.removeIf(skipped::contains);
    return names;
  }
}
