package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Row-level security as the second wall: statements made through the application's pool, with no owner condition in
 * their SQL at all, still see only the owner their transaction names — for every table with an owner column — and
 * nothing when none is named. The fixtures are written as the superuser; every assertion reads through the pool.
 */
@ExtendWith(VertxExtension.class)
class RowLevelSecurityTest {

  private static final String ALICE = "alice";
  private static final String BOB = "bob";

  private Database database;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    // one connection: every statement of a test reuses the connection the one before it used
    database = PgPools.shared(vertx, TestDatabase.url(), 1);
    rowsOf(ALICE);
    rowsOf(BOB);
  }

  @AfterEach
  void tearDown() {
    database.pool().close().await();
  }

  @Test
  void everyOwnerTableHasRowsOfBothOwnersInThisFixture() throws SQLException {
    for (String table : ownerTables()) {
      for (String owner : List.of(ALICE, BOB)) {
        assertThat(superuserCount(table, owner))
            .as("the fixture of this test has no row of %s in %s: add one to rowsOf()", owner, table)
            .isPositive();
      }
    }
  }

  @Test
  void withTheOwnerConditionLeftOutAnOwnerSeesOnlyItsOwnRowsInEveryOwnerTable() throws SQLException {
    for (String table : ownerTables()) {
      assertThat(owners(database.forOwner(ALICE).query("SELECT * FROM " + table).await()))
          .as(table).isNotEmpty().containsOnly(ALICE);
      assertThat(owners(database.forOwner(BOB).query("SELECT * FROM " + table).await()))
          .as(table).isNotEmpty().containsOnly(BOB);
    }
  }

  @Test
  void theVendAndListQueriesWithoutTheirOwnerConditionReturnNothingOfAnotherOwner() {
    String vend = "SELECT c.id, c.owner, cr.access_token FROM connections c"
        + " LEFT JOIN credentials cr ON cr.connection_id = c.id WHERE c.id = $1";
    assertThat(database.forOwner(ALICE).execute(vend, Tuple.of(connectionOf(BOB))).await()).isEmpty();
    assertThat(owners(database.forOwner(BOB).execute(vend, Tuple.of(connectionOf(BOB))).await()))
        .containsExactly(BOB);

    String list = "SELECT " + ConnectionRows.COLUMNS + ConnectionRows.FROM + " ORDER BY c.created_at DESC";
    assertThat(owners(database.forOwner(ALICE).query(list).await())).containsExactly(ALICE);
  }

  @Test
  void withNoOwnerNamedNoRowIsSeenEvenOnAConnectionThatServedAnOwnerBefore() throws SQLException {
    for (String table : ownerTables()) {
      assertThat(database.query("SELECT * FROM " + table).await()).as(table).isEmpty();
      assertThat(database.forOwner(ALICE).query("SELECT * FROM " + table).await()).as(table).isNotEmpty();
      // the same (only) connection, its owner's transaction over: the setting reads '' now, which matches nothing
      assertThat(database.query("SELECT * FROM " + table).await()).as(table).isEmpty();
    }
  }

  @Test
  void aConnectionReusedByAnotherOwnerCarriesNothingOfTheFirst() {
    String all = "SELECT owner FROM connections";
    assertThat(owners(database.forOwner(ALICE).query(all).await())).containsOnly(ALICE);
    assertThat(owners(database.forOwner(BOB).query(all).await())).containsOnly(BOB);
    assertThat(owners(database.forOwner(ALICE).withTransaction(conn -> conn.query(all).execute()).await()))
        .containsOnly(ALICE);
    assertThat(owners(database.forOwner(BOB).withTransaction(conn -> conn.query(all).execute()).await()))
        .containsOnly(BOB);
  }

  @Test
  void anOwnerCanNeitherWriteRowsForAnotherNorChangeOrDeleteAnothersRows() {
    assertThatThrownBy(() -> database.forOwner(ALICE).execute(
            "INSERT INTO connections (id, owner, connector) VALUES ($1, $2, 'stripe')",
            Tuple.of(UUID.randomUUID(), BOB)).await())
        .isInstanceOf(PgException.class)
        .hasMessageContaining("row-level security");
    assertThat(database.forOwner(ALICE).query("UPDATE connections SET label = 'mine now'").await().rowCount())
        .isEqualTo(1);
    assertThat(database.forOwner(ALICE).query("DELETE FROM webhook_endpoints").await().rowCount()).isEqualTo(1);

    assertThat(TestDatabase.count("SELECT count(*) FROM connections WHERE owner = 'bob' AND label IS NULL"))
        .isEqualTo(1);
    assertThat(TestDatabase.count("SELECT count(*) FROM webhook_endpoints WHERE owner = 'bob'")).isEqualTo(1);
  }

  @Test
  void theSystemRoleSeesEveryOwnersRowsTheSweepAndDispatcherClaimButMayNotCreateConnections() {
    assertThat(owners(database.system().query("SELECT owner FROM credentials WHERE refresh_due_at <= now()")
        .await())).containsExactlyInAnyOrder(ALICE, BOB);
    assertThat(owners(database.system().query("SELECT owner FROM webhook_deliveries").await()))
        .containsExactlyInAnyOrder(ALICE, BOB);
    assertThatThrownBy(() -> database.system().execute(
            "INSERT INTO connections (id, owner, connector) VALUES ($1, 'alice', 'stripe')",
            Tuple.of(UUID.randomUUID())).await())
        .isInstanceOf(PgException.class)
        .hasMessageContaining("permission denied");
    // the system role lasts one transaction: the connection is back to the application role
    assertThat(database.query("SELECT current_user").await().iterator().next().getString(0))
        .isEqualTo(DatabaseRoles.APP);
  }

  @Test
  void startUpCheckPassesOnTheMigratedDatabase() throws SQLException {
    assertThat(check()).isEmpty();
  }

  @Test
  void startUpCheckRefusesATableWithAnOwnerColumnWhoseRowSecurityIsNotForced() throws SQLException {
    TestDatabase.execute("ALTER TABLE audit_events NO FORCE ROW LEVEL SECURITY");
    try {
      assertThat(check()).hasValueSatisfying(problem -> assertThat(problem)
          .startsWith("row-level security is not in force on audit_events:"));
    } finally {
      TestDatabase.execute("ALTER TABLE audit_events FORCE ROW LEVEL SECURITY");
    }
  }

  @Test
  void startUpCheckRefusesANewTableWithAnOwnerColumnThatForgotRowSecurity() throws SQLException {
    TestDatabase.execute("CREATE TABLE forgotten_keys (id uuid PRIMARY KEY, owner text NOT NULL)");
    try {
      assertThat(check()).hasValueSatisfying(problem -> assertThat(problem).contains("forgotten_keys"));
    } finally {
      TestDatabase.execute("DROP TABLE forgotten_keys");
    }
  }

  @Test
  void startUpCheckRefusesAnApplicationRoleThatBypassesRowSecurityOrIsASuperuser() throws SQLException {
    try {
      TestDatabase.execute("ALTER ROLE conduit_app BYPASSRLS");
      assertThat(check()).hasValueSatisfying(problem -> assertThat(problem).contains("BYPASSRLS"));
      TestDatabase.execute("ALTER ROLE conduit_app NOBYPASSRLS SUPERUSER");
      assertThat(check()).hasValueSatisfying(problem -> assertThat(problem).contains("a superuser"));
    } finally {
      TestDatabase.execute("ALTER ROLE conduit_app NOSUPERUSER NOBYPASSRLS");
    }
  }

  private static Optional<String> check() throws SQLException {
    DatabaseUrl url = TestDatabase.url();
    try (Connection jdbc = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password())) {
      return new RowSecurityCheck(jdbc, url.user()).problem();
    }
  }

  /** The tables with an owner column, as the catalog lists them now (so a table added later is included). */
  private static List<String> ownerTables() throws SQLException {
    DatabaseUrl url = TestDatabase.url();
    List<String> tables = new ArrayList<>();
    try (Connection jdbc = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        Statement statement = jdbc.createStatement();
        ResultSet rows = statement.executeQuery("SELECT c.table_name FROM information_schema.columns c"
            + " JOIN information_schema.tables t USING (table_schema, table_name)"
            + " WHERE c.table_schema = current_schema() AND c.column_name = 'owner' AND t.table_type = 'BASE TABLE'"
            + " ORDER BY 1")) {
      while (rows.next()) {
        tables.add(rows.getString(1));
      }
    }
    assertThat(tables).contains("connections", "credentials", "audit_events");
    return tables;
  }

  private static long superuserCount(String table, String owner) {
    return TestDatabase.count("SELECT count(*) FROM " + table + " WHERE owner = '" + owner + "'");
  }

  private static List<String> owners(Iterable<Row> rows) {
    List<String> owners = new ArrayList<>();
    rows.forEach(row -> owners.add(row.getString("owner")));
    return owners;
  }

  private static UUID connectionOf(String owner) {
    return UUID.nameUUIDFromBytes(("connection:" + owner).getBytes());
  }

  /** One row of {@code owner} in every table with an owner column (a table added later needs its line here). */
  private static void rowsOf(String owner) {
    UUID connection = connectionOf(owner);
    UUID endpoint = UUID.nameUUIDFromBytes(("endpoint:" + owner).getBytes());
    String event = "evt_" + owner;
    TestDatabase.execute("INSERT INTO connections (id, owner, connector, status) VALUES ('" + connection + "', '"
        + owner + "', 'github', 'active')");
    TestDatabase.execute("INSERT INTO credentials (connection_id, owner, connector, kind, kek_key_id, wrapped_key,"
        + " access_token, refresh_due_at) VALUES ('" + connection + "', '" + owner + "', 'github', 'oauth2', 1,"
        + " '\\x00', '\\x01', now() - interval '1 minute')");
    TestDatabase.execute("INSERT INTO oauth_flows (state_hash, connection_id, owner, kek_key_id, wrapped_key,"
        + " pkce_verifier, expires_at) VALUES (sha256('" + owner + "'::bytea), '" + connection + "', '" + owner
        + "', 1, '\\x00', '\\x02', now() + interval '10 minutes')");
    TestDatabase.execute("INSERT INTO connect_sessions (token_hash, id, owner, connectors, expires_at) VALUES"
        + " (sha256('session:" + owner + "'::bytea), '" + UUID.randomUUID() + "', '" + owner + "', '{github}',"
        + " now() + interval '10 minutes')");
    TestDatabase.execute("INSERT INTO webhook_endpoints (id, owner, url, events, kek_key_id, wrapped_key, secret)"
        + " VALUES ('" + endpoint + "', '" + owner + "', 'https://example.com/hook', '{connection.connected}', 1,"
        + " '\\x00', '\\x03')");
    TestDatabase.execute("INSERT INTO webhook_events (id, owner, connection_id, type, payload) VALUES ('" + event
        + "', '" + owner + "', '" + connection + "', 'connection.connected', '{}')");
    TestDatabase.execute("INSERT INTO webhook_deliveries (id, event_id, endpoint_id, owner, next_attempt_at) VALUES"
        + " ('" + UUID.randomUUID() + "', '" + event + "', '" + endpoint + "', '" + owner + "', now())");
    TestDatabase.execute("INSERT INTO audit_events (owner, at, action, connection_id, outcome, actor) VALUES ('"
        + owner + "', now(), 'credential.vend', '" + connection + "', 'ok', '" + owner + "')");
    TestDatabase.execute("INSERT INTO api_keys (id, owner, name, prefix, hash, scopes) VALUES ('" + UUID.randomUUID()
        + "', '" + owner + "', 'k', 'cdk_test', sha256(convert_to('" + UUID.randomUUID() + "', 'UTF8')),"
        + " ARRAY['connections:read'])");
  }
}
