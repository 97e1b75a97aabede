package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.function.Function;

/**
 * The shared pool with a bound on every use: acquiring a connection and everything done on it must finish within
 * the query timeout, or the caller gets {@link DatabaseUnavailable#failure()} (503 with Retry-After). A frozen
 * server (stopped process, a network path that stops forwarding) answers nothing and refuses nothing, and a server
 * side {@code statement_timeout} never fires, so the bound is a client-side timer. The connection that hung is
 * closed, not handed back: a later borrower would wait on the same silent socket.
 *
 * <p>Its connections run as {@link DatabaseRoles#APP}, under row-level security: a statement sees rows only inside
 * {@link #forOwner} (one owner's) or {@link #system} (the background jobs'). Only a liveness probe runs
 * unscoped.
 */
public final class Database {

  private final Vertx vertx;
  private final Pool pool;
  private final long timeoutMs;

  Database(Vertx vertx, Pool pool, Duration timeout) {
    this.vertx = vertx;
    this.pool = pool;
    this.timeoutMs = Math.max(1, timeout.toMillis());
  }

  /** The same pool with another bound, e.g. a readiness probe that must answer before its own deadline. */
  public Database withTimeout(Duration timeout) {
    return new Database(vertx, pool, timeout);
  }

  /**
   * Statements made for {@code owner}: each transaction names the owner first, and row-level security then shows it
   * that owner's rows only. Keep the owner condition in the SQL as well: this is the second wall, not the first.
   */
  public DatabaseScope forOwner(String owner) {
    if (owner == null || owner.isEmpty()) {
      throw new IllegalArgumentException("an owner-scoped statement needs an owner");
    }
    return new DatabaseScope(this, DatabaseRoles.SET_OWNER, Tuple.of(owner));
  }

  /**
   * Statements of the background jobs (refresh sweep, webhook dispatcher, purges, heartbeats, ceilings), and lookups
   * by a secret that names no owner before its row is read: each transaction switches to {@link DatabaseRoles#SYSTEM},
   * which sees every owner's rows but is granted only what those jobs need.
   */
  public DatabaseScope system() {
    return new DatabaseScope(this, DatabaseRoles.SET_SYSTEM, Tuple.tuple());
  }

  /**
   * One statement without parameters, unscoped: for a liveness probe. It sees no row of an owner table; there is no
   * unscoped {@code execute} or {@code withTransaction}, so a statement made for someone must say for whom.
   */
  public Future<RowSet<Row>> query(String sql) {
    return withConnection(conn -> conn.query(sql).execute());
  }

  /** {@code work} on one connection, in autocommit mode, unscoped: what {@link DatabaseScope} builds on. */
  <T> Future<T> withConnection(Function<SqlConnection, Future<T>> work) {
    return bounded(work);
  }

  /** The pool underneath, for code that manages its own connections (and its own bounds). */
  public Pool pool() {
    return pool;
  }

  private <T> Future<T> bounded(Function<SqlConnection, Future<T>> work) {
    Attempt attempt = new Attempt();
    Future<T> done = pool.getConnection().compose(conn -> {
      if (!attempt.hold(conn)) {
        // the caller was already told the database is unavailable; this connection came too late to use
        return conn.close().transform(closed -> Future.<T>failedFuture(DatabaseUnavailable.failure()));
      }
      return work.apply(conn).andThen(finished -> attempt.release());
    });
    return DatabaseDeadline.bound(vertx, done, timeoutMs, attempt::abandon)
        .recover(failure -> Future.failedFuture(DatabaseUnavailable.classify(failure)));
  }

  /**
   * The connection one call holds, if any. Its work and its timer run on the caller's context, so holding,
   * releasing and abandoning never race; synchronized only for callers outside Vert.x (tests, start-up).
   */
  private static final class Attempt {

    private SqlConnection held;
    private boolean abandoned;

    synchronized boolean hold(SqlConnection conn) {
      if (abandoned) {
        return false;
      }
      held = conn;
      return true;
    }

    /** The work is done: the connection goes back to the pool, healthy. */
    synchronized void release() {
      SqlConnection conn = held;
      held = null;
      if (conn != null) {
        conn.close();
      }
    }

    /** The deadline passed: the connection (if one was acquired) is hung and must not be reused. */
    synchronized void abandon() {
      abandoned = true;
      SqlConnection conn = held;
      held = null;
      if (conn != null) {
        StuckConnections.evict(conn);
        conn.close();
      }
    }
  }
}
