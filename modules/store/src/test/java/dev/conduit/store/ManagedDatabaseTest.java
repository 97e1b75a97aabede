package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A managed PostgreSQL: the configured user owns its database and the tables but is no superuser and may not create
 * or grant roles. Migrations say what the administrator must run; once that is done, everything works.
 */
@ExtendWith(VertxExtension.class)
class ManagedDatabaseTest {

  private static final String USER = "managed_owner";
  private static final String DATABASE = "managed";

  private DatabaseUrl managed;

  @BeforeEach
  void setUp() {
    TestDatabase.url();
    TestDatabase.execute("CREATE ROLE " + USER + " LOGIN NOSUPERUSER NOCREATEROLE NOCREATEDB");
    TestDatabase.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
    managed = DatabaseUrl.local(TestDatabase.url().connectOptions().getPort(), DATABASE, USER);
  }

  @AfterEach
  void tearDown() {
    TestDatabase.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    TestDatabase.execute("DROP ROLE IF EXISTS " + USER);
  }

  @Test
  void migrationsSayWhatToGrantAndWorkOnceItIsGranted(Vertx vertx) throws SQLException {
    assertThatThrownBy(() -> Migrations.apply(managed))
        .isInstanceOf(Migrations.Refused.class)
        .hasMessage("the user " + USER + " must be a member of the role conduit_app and may not grant it to itself:"
            + " ask the database administrator to run GRANT conduit_app TO " + USER + "; then start Conduit again");

    TestDatabase.execute("GRANT conduit_app, conduit_system TO " + USER);
    assertThat(Migrations.apply(managed)).isNotBlank();
    try (Connection jdbc = DriverManager.getConnection(managed.jdbcUrl(), USER, "")) {
      assertThat(new RowSecurityCheck(jdbc, USER).problem()).isEmpty();
    }

    Database database = PgPools.shared(vertx, managed, 1);
    try {
      UUID id = UUID.randomUUID();
      database.forOwner("alice").execute("INSERT INTO connections (id, owner, connector) VALUES ($1, 'alice', 'x')",
          Tuple.of(id)).await();
      assertThat(database.forOwner("alice").query("SELECT id FROM connections").await().iterator().next()
          .getUUID(0)).isEqualTo(id);
      assertThat(database.forOwner("bob").query("SELECT id FROM connections").await()).isEmpty();
      assertThat(database.system().query("SELECT count(*) FROM connections").await().iterator().next()
          .getLong(0)).isEqualTo(1);
    } finally {
      database.pool().close().await();
    }
  }
}
