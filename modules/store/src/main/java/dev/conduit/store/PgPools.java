package dev.conduit.store;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.pgclient.PgBuilder;
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
        .connectingTo(database.connectOptions().setCachePreparedStatements(true))
        .using(vertx)
        .build();
    return new Database(vertx, pool, timeout);
  }
}
