package dev.conduit.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Applies the Flyway migrations in {@code db/migration}. Blocking JDBC: run it before any verticle starts. */
public final class Migrations {

  private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

  private Migrations() {
  }

  /** Brings the schema to the latest version and returns that version. */
  public static String apply(DatabaseUrl database) {
    MigrateResult result = flyway(database).migrate();
    String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
    LOG.atInfo().setMessage("database schema is current")
        .addKeyValue("database", database)
        .addKeyValue("schemaVersion", version)
        .addKeyValue("migrationsApplied", result.migrationsExecuted)
        .log();
    return version;
  }

  private static Flyway flyway(DatabaseUrl database) {
    return Flyway.configure()
        .dataSource(database.jdbcUrl(), database.user(), database.password())
        .locations("classpath:db/migration")
        .failOnMissingLocations(true)
        .load();
  }
}
