package dev.conduit.store;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Creates the one shared connection pool. Every verticle calls {@link #shared} from its own {@code start()}:
 * Vert.x hands out leases on a single physical pool (by name), and each lease closes with its verticle. Callers
 * get it as a {@link Database}, which bounds every use.
 */
public final class PgPools {

  public static final String POOL_NAME = "conduit";
  /** Requests waiting for a connection beyond this fail fast instead of queueing without bound. */
  private static final int MAX_WAIT_QUEUE = 1024;
  private static final Duration ACQUIRE_SLACK = Duration.ofSeconds(1);

  private PgPools() {
  }

  /** The shared pool, each use bounded by the database's query timeout. */
  public static Database shared(Vertx vertx, DatabaseUrl database, int maxSize) {
    Duration timeout = database.queryTimeout();
    Pool pool = PgBuilder.pool()
        .with(new PoolOptions()
            .setMaxSize(maxSize)
            .setMaxWaitQueueSize(MAX_WAIT_QUEUE)
            // a waiter leaves the queue soon after its caller was answered 503 (Database's own timer comes first)
            .setConnectionTimeout(Math.toIntExact(timeout.plus(ACQUIRE_SLACK).toMillis()))
            .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
            .setShared(true)
            .setName(POOL_NAME))
        .connectingTo(asAppRole(database).setCachePreparedStatements(true))
        .using(vertx)
        .build();
    return new Database(vertx, pool, timeout);
  }

  /**
   * Connect options whose sessions start as {@link DatabaseRoles#APP}. A startup parameter rather than a SET ROLE
   * after connecting: a server that refuses the role refuses the connection, so no connection ever runs as the
   * configured user (who owns the tables, and in development is a superuser that row-level security never stops).
   */
  public static PgConnectOptions asAppRole(DatabaseUrl database) {
    return as(database, DatabaseRoles.APP);
  }

  /** Connect options whose sessions start as {@link DatabaseRoles#SYSTEM} (the change feed's listening connection). */
  public static PgConnectOptions asSystemRole(DatabaseUrl database) {
    return as(database, DatabaseRoles.SYSTEM);
  }

  private static PgConnectOptions as(DatabaseUrl database, String role) {
    PgConnectOptions options = database.connectOptions();
    return options.addProperty("role", role);
  }
}
