package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

/**
 * Serialises one owner's creates of limited things across all replicas, so that counting and inserting cannot
 * overshoot the owner's limit. A transaction-scoped advisory lock: released by the commit or rollback, never left
 * behind by a crashed replica.
 *
 * <p>The count must be a statement of its own after this one: under READ COMMITTED each statement sees the rows
 * committed before it starts, so a count in the same statement as the lock could miss a create committed while
 * it waited.
 */
final class OwnerLock {

  // the two-key form in a namespace of its own, apart from Flyway's single-key lock; owners whose names hash alike
  // only wait for each other
  private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext('conduit.owner-limits'), hashtext($1))";

  private OwnerLock() {
  }

  /** Takes the owner's lock for the rest of {@code conn}'s transaction. */
  static Future<Void> take(SqlConnection conn, String owner) {
    return conn.preparedQuery(LOCK).execute(Tuple.of(owner)).mapEmpty();
  }
}
