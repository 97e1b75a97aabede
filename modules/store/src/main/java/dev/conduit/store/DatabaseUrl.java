package dev.conduit.store;

import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.SslMode;
import java.time.Duration;

/**
 * Where the PostgreSQL database is, parsed once from a {@code postgresql://user:password@host:port/db} URL and
 * handed both to the reactive pool and to Flyway's JDBC connection, with the bound on each use of the pool
 * ({@code database.query-timeout}). Its text form never shows the password.
 */
public final class DatabaseUrl {

  /** {@code database.query-timeout}'s default in config/conduit.yaml. */
  public static final Duration DEFAULT_QUERY_TIMEOUT = Duration.ofSeconds(5);

  private final PgConnectOptions options;
  private final Duration queryTimeout;

  private DatabaseUrl(PgConnectOptions options) {
    this(options, DEFAULT_QUERY_TIMEOUT);
  }

  private DatabaseUrl(PgConnectOptions options, Duration queryTimeout) {
    this.options = options;
    this.queryTimeout = queryTimeout;
  }

  /** The same database, each use of the pool bounded by {@code queryTimeout} (acquire and statements together). */
  public DatabaseUrl withQueryTimeout(Duration queryTimeout) {
    return new DatabaseUrl(options, queryTimeout);
  }

  public Duration queryTimeout() {
    return queryTimeout;
  }

  /**
   * Parses a libpq-style URL ({@code postgresql://} or {@code postgres://}; a leading {@code jdbc:} is
   * tolerated). The exception message never repeats the URL, which may hold a password.
   */
  public static DatabaseUrl parse(String url) {
    String trimmed = url.trim();
    if (trimmed.startsWith("jdbc:")) {
      trimmed = trimmed.substring("jdbc:".length());
    }
    if (!(trimmed.startsWith("postgresql://") || trimmed.startsWith("postgres://"))) {
      throw new IllegalArgumentException("expected a postgresql://user:password@host:port/database URL");
    }
    try {
      return new DatabaseUrl(PgConnectOptions.fromUri(trimmed));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("expected a postgresql://user:password@host:port/database URL");
    }
  }

  /** A URL for a server on the local machine with trust authentication (the embedded default, tests). */
  public static DatabaseUrl local(int port, String database, String user) {
    return new DatabaseUrl(new PgConnectOptions().setHost("localhost").setPort(port).setDatabase(database)
        .setUser(user).setPassword(""));
  }

  /** A copy of the connect options for vertx-pg-client. */
  public PgConnectOptions connectOptions() {
    return new PgConnectOptions(options);
  }

  /** The JDBC URL (with {@code sslmode} when TLS is asked for); user and password are passed separately. */
  public String jdbcUrl() {
    SslMode sslMode = options.getSslMode();
    String tls = sslMode == null || sslMode == SslMode.DISABLE ? "" : "?sslmode=" + sslMode.value;
    return "jdbc:postgresql://" + options.getHost() + ":" + options.getPort() + "/" + options.getDatabase() + tls;
  }

  public String user() {
    return options.getUser();
  }

  public String password() {
    return options.getPassword() == null ? "" : options.getPassword();
  }

  /** {@code host:port/database}, safe to log. */
  @Override
  public String toString() {
    return options.getHost() + ":" + options.getPort() + "/" + options.getDatabase();
  }
}
