package dev.conduit.app;

import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Direct looks at the test database, to check what a request did (or did not) store. */
final class Sql {

  private Sql() {
  }

  static long count(String sql) {
    return Long.parseLong(rows(sql).get(0));
  }

  /** The first column of every row, as text. */
  static List<String> rows(String sql) {
    DatabaseUrl database = TestDatabase.url();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    } catch (SQLException e) {
      throw new IllegalStateException("test SQL failed: " + sql, e);
    }
  }

  /** Every row of every application table as text: what a database dump would show. */
  static String dump() {
    StringBuilder dump = new StringBuilder();
    for (String table : List.of("connections", "credentials", "oauth_flows", "connect_sessions", "webhook_endpoints", "webhook_events",
        "webhook_deliveries", "webhook_attempts")) {
      rows("SELECT t::text FROM " + table + " t").forEach(row -> dump.append(row).append('\n'));
    }
    return dump.toString();
  }
}
