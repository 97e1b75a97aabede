package dev.conduit.store;

import java.util.Optional;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.postgresql.util.PSQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations in {@code db/migration}. Blocking JDBC: run it before any verticle starts. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /**
   * A migration that refused to run and said why (RAISE EXCEPTION), e.g. V13 when the database user may not create
   * the roles it needs: the message is the migration's own sentence, naming what the administrator must do.
   */
  public static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  /** PostgreSQL's SQLSTATE for RAISE EXCEPTION without an explicit one. */
  private static final String RAISED = "P0001";

  /**
   * Brings the schema to the latest version and returns that version.
   *
   * @throws Refused when a migration refused to run, with its reason (nothing of it is applied)
   */
  public static String apply(DatabaseUrl database) {
    MigrateResult result;
    try {
      result = flyway(database).migrate();
    } catch (FlywayException e) {
      throw refusal(e).orElseThrow(() -> e);
    }
    String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    LOG.atInfo().setMessage("database schema is current")
        .addKeyValue("database", database)
        .addKeyValue("schemaVersion", version)
        .addKeyValue("migrationsApplied", result.migrationsExecuted)
        .log();
    return version;
  }

  private static Optional<Refused> refusal(FlywayException failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof PSQLException sql && RAISED.equals(sql.getSQLState())
          && sql.getServerErrorMessage() != null) {
        return Optional.of(new Refused(sql.getServerErrorMessage().getMessage()));
      }
    }
    return Optional.empty();
  }

  private static Flyway flyway(DatabaseUrl database) {
    return Flyway.configure()
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
  }
}
