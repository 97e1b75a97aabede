package dev.conduit.app;

import dev.conduit.store.DatabaseUrl;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * Start-up's first look at a configured database: one connection, bounded in time, whose failure is one sentence
 * naming {@code host:port/database} and the cause — never the password — instead of a Flyway stack trace minutes
 * later.
 */
final class DatabaseReachability {

  static final int TIMEOUT_SECONDS = 5;

  private DatabaseReachability() {
  }

  static void require(DatabaseUrl database) {
    Properties properties = new Properties();
    properties.setProperty("user", database.user());
    properties.setProperty("password", database.password());
    // connectTimeout bounds the TCP connect, loginTimeout everything up to an open session (name lookup,
    // TLS, authentication), socketTimeout a server that accepts and then never answers
    properties.setProperty("connectTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("loginTimeout", Integer.toString(TIMEOUT_SECONDS));
    properties.setProperty("socketTimeout", Integer.toString(TIMEOUT_SECONDS));
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), properties)) {
      connection.isValid(TIMEOUT_SECONDS);
    } catch (SQLException e) {
      throw new StartupException("cannot reach the database at " + database + " (database.url): " + cause(e, database));
    }
  }

  private static String cause(SQLException e, DatabaseUrl database) {
    String state = e.getSQLState() == null ? "" : e.getSQLState();
    if (state.equals("28P01") || state.equals("28000")) {
      return "the server refused user '" + database.user() + "' (wrong user or password?)";
    }
    if (state.equals("3D000")) {
      return "the server has no such database";
    }
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof UnknownHostException) {
        return "unknown host";
      }
      if (cause instanceof ConnectException) {
        return "connection refused (is PostgreSQL running there?)";
      }
      if (cause instanceof NoRouteToHostException) {
        return "no route to host";
      }
      if (cause instanceof SocketTimeoutException) {
        return "no answer within " + TIMEOUT_SECONDS + " s";
      }
    }
    // pgjdbc's own words (e.g. "Connection attempt timed out.", a TLS failure); it never repeats the password
    return e.getMessage();
  }
}
