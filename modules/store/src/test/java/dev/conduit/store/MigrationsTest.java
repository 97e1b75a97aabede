package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationsTest {

  @Test
  void createsTheWholeDataModel() throws Exception {
    DatabaseUrl database = TestDatabase.url();
    List<String> tables = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password());
        ResultSet rows = connection.createStatement().executeQuery(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    assertThat(tables).contains("connections", "credentials", "oauth_flows", "webhook_endpoints",
        "webhook_events", "webhook_deliveries", "webhook_attempts");
  }

  @Test
  void columnsNothingReadsAreGone() throws Exception {
    DatabaseUrl database = TestDatabase.url();
    List<String> columns = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password());
        ResultSet rows = connection.createStatement().executeQuery("""
            SELECT table_name || '.' || column_name FROM information_schema.columns
            WHERE table_schema = 'public' AND table_name IN ('connections', 'credentials')""")) {
      while (rows.next()) {
        columns.add(rows.getString(1));
      }
    }
    assertThat(columns).contains("connections.event_sequence", "credentials.secret_version")
        .doesNotContain("connections.version", "credentials.seal_format");
  }

  @Test
  void applyingTwiceChangesNothing() {
    DatabaseUrl database = TestDatabase.url();
    String first = Migrations.apply(database);
    String second = Migrations.apply(database);
    assertThat(second).isEqualTo(first).isNotBlank();
  }
}
