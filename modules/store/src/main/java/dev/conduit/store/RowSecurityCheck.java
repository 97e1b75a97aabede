package dev.conduit.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Whether row-level security really holds for the role callers' statements run under: the configured user can take
 * both roles, {@link DatabaseRoles#APP} is neither a superuser nor exempt from row-level security, and every table
 * with an owner column has it enabled and forced. Any of these missing would let one owner's rows reach another's
 * request through a single wrong query, silently; start-up refuses instead. Blocking JDBC: run it before any verticle.
 */
public final class RowSecurityCheck {

  /** Tables of the current schema with an owner column, and their row-level security flags. */
  private static final String OWNER_TABLES = """
      SELECT c.relname, c.relrowsecurity, c.relforcerowsecurity
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = current_schema() AND c.relkind IN ('r', 'p')
        AND EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'owner' AND a.attnum > 0 AND NOT a.attisdropped)
      ORDER BY c.relname""";
  private static final String ROLE = "SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user";

  private final Connection jdbc;
  private final String configuredUser;

  /** @param jdbc a connection as the configured user; left as it was found (its role is reset) */
  public RowSecurityCheck(Connection jdbc, String configuredUser) {
    this.jdbc = jdbc;
    this.configuredUser = configuredUser;
  }

  /** What is missing, in words an operator can act on; empty when row-level security is in force. */
  public Optional<String> problem() throws SQLException {
    try (Statement statement = jdbc.createStatement()) {
      Optional<String> cannotTake = cannotTake(statement, DatabaseRoles.SYSTEM);
      if (cannotTake.isPresent()) {
        return cannotTake;
      }
      cannotTake = cannotTake(statement, DatabaseRoles.APP);
      if (cannotTake.isPresent()) {
        return cannotTake;
      }
      try {
        return exempt(statement).or(this::unforcedTables);
      } finally {
        statement.execute("RESET ROLE");
      }
    }
  }

  private Optional<String> cannotTake(Statement statement, String role) throws SQLException {
    try {
      statement.execute("SET ROLE " + role);
      return Optional.empty();
    } catch (SQLException e) {
      if (!jdbc.getAutoCommit()) {
        jdbc.rollback();
      }
      return Optional.of("row-level security is not in force: the database user " + configuredUser
          + " cannot take the role " + role + " (" + e.getMessage() + "); migration V13 creates the roles conduit_app"
          + " and conduit_system and grants them to the user running it when it may; otherwise ask the database"
          + " administrator to run: CREATE ROLE " + role + " NOLOGIN; GRANT " + role + " TO " + configuredUser
          + " (see README, Row-level security)");
    }
  }

  private static Optional<String> exempt(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery(ROLE)) {
      if (!rows.next()) {
        return Optional.of("row-level security is not in force: the role " + DatabaseRoles.APP + " does not exist");
      }
      if (rows.getBoolean("rolsuper") || rows.getBoolean("rolbypassrls")) {
        return Optional.of("row-level security is not in force: the role " + DatabaseRoles.APP + " is "
            + (rows.getBoolean("rolsuper") ? "a superuser" : "exempt from it (BYPASSRLS)")
            + "; run ALTER ROLE " + DatabaseRoles.APP + " NOSUPERUSER NOBYPASSRLS");
      }
      return Optional.empty();
    }
  }

  private Optional<String> unforcedTables() {
    List<String> unforced = new ArrayList<>();
    try (PreparedStatement select = jdbc.prepareStatement(OWNER_TABLES); ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        if (!rows.getBoolean("relrowsecurity") || !rows.getBoolean("relforcerowsecurity")) {
          unforced.add(rows.getString("relname"));
        }
      }
    } catch (SQLException e) {
      return Optional.of("cannot check row-level security: " + e.getMessage());
    }
    return unforced.isEmpty() ? Optional.empty() : Optional.of("row-level security is not in force on "
        + String.join(", ", unforced) + ": every table with an owner column needs ENABLE and FORCE ROW LEVEL SECURITY"
        + " and an owner policy, as migration V13 gives the tables that existed then (a later migration adding such a"
        + " table must do the same)");
  }
}
