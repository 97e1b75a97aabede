package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.Optional;
import java.util.function.Function;

/**
 * Statements that row-level security lets see something: each runs in a transaction opened by a first statement that
 * either names the owner it is for ({@link Database#forOwner}) or switches to the system role
 * ({@link Database#system}). Both settings are transaction-local, so a pooled connection carries neither to its next
 * borrower.
 *
 * <p>BEGIN, the scoping statement and the first statement of the work are written together (the client pipelines
 * the commands of one connection), so a scope costs no extra round trip before the work starts.
 */
public final class DatabaseScope {

  private static final String BEGIN = "BEGIN";
  private static final String COMMIT = "COMMIT";
  private static final String ROLLBACK = "ROLLBACK";

  private final Database database;
  private final String scopeSql;
  private final Tuple scopeParams;

  DatabaseScope(Database database, String scopeSql, Tuple scopeParams) {
    this.database = database;
    this.scopeSql = scopeSql;
    this.scopeParams = scopeParams;
  }

  /** One prepared statement in its own scoped transaction: BEGIN, scope, statement and COMMIT in one round trip. */
  public Future<RowSet<Row>> execute(String sql, Tuple params) {
    return database.withConnection(conn -> {
      Future<?> begun = conn.query(BEGIN).execute();
      Future<?> scoped = scope(conn);
      Future<RowSet<Row>> result = conn.preparedQuery(sql).execute(params);
      // after a failed statement PostgreSQL answers this COMMIT with a rollback
      Future<?> ended = conn.query(COMMIT).execute();
      return Future.join(begun, scoped, result, ended).transform(all -> firstFailure(begun, scoped, result, ended)
          .map(Future::<RowSet<Row>>failedFuture).orElseGet(() -> Future.succeededFuture(result.result())));
    });
  }

  /** One statement without parameters, scoped like {@link #execute}. */
  public Future<RowSet<Row>> query(String sql) {
    return execute(sql, Tuple.tuple());
  }

  /** {@code work} in one scoped transaction: committed if its future succeeds, rolled back if it fails. */
  public <T> Future<T> withTransaction(Function<SqlConnection, Future<T>> work) {
    return database.withConnection(conn -> {
      Future<?> begun = conn.query(BEGIN).execute();
      Future<?> scoped = scope(conn);
      Future<T> done = work.apply(conn);
      return Future.join(begun, scoped, done).transform(all -> {
        Optional<Throwable> failure = firstFailure(begun, scoped, done);
        if (failure.isPresent()) {
          return conn.query(ROLLBACK).execute().otherwiseEmpty().compose(v -> Future.<T>failedFuture(failure.get()));
        }
        return conn.query(COMMIT).execute().map(done.result());
      });
    });
  }

  private Future<RowSet<Row>> scope(SqlConnection conn) {
    return conn.preparedQuery(scopeSql).execute(scopeParams);
  }

  private static Optional<Throwable> firstFailure(Future<?>... steps) {
    for (Future<?> step : steps) {
      if (step.failed()) {
        return Optional.of(step.cause());
      }
    }
    return Optional.empty();
  }
}
