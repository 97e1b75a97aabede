package dev.conduit.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The roles Conduit's statements run under (created by migration V13). Fixed names, not settings: they are NOLOGIN
 * and reached only by SET ROLE from the configured user, and a role holds privileges only on the objects it was
 * granted, so two Conduit databases on one server can share them without one reaching the other's rows.
 */
public final class DatabaseRoles {

  /** Every pooled connection's role: no owner table's row is visible until a transaction names its owner. */
  public static final String APP = "conduit_app";
  /** The background jobs' role, taken for one transaction at a time; sees every row of what it is granted. */
  public static final String SYSTEM = "conduit_system";
  /** The transaction-local setting the owner policies compare each row's owner with. */
  public static final String OWNER_SETTING = "conduit.owner";

  static final String SET_OWNER = "SELECT set_config('" + OWNER_SETTING + "', $1, true)";
  static final String SET_SYSTEM = "SET LOCAL ROLE " + SYSTEM;

  /**
   * Makes a JDBC session (the configured user's, as start-up checks and the CLI's key rotation use) act as
   * {@link #SYSTEM} until it closes. Row-level security is forced, so owning the tables shows the configured user
   * nothing by itself; it sees rows through its membership in the system role, which a user that does not inherit
   * its roles' privileges (NOINHERIT, or a grant WITH INHERIT FALSE) has only after SET ROLE.
   */
  public static void takeSystemRole(Connection jdbc) throws SQLException {
    try (Statement statement = jdbc.createStatement()) {
      statement.execute("SET ROLE " + SYSTEM);
    }
  }

  private DatabaseRoles() {
  }
}
