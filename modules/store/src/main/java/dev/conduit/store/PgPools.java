package dev.conduit.store;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.pgclient.PgBuilder;

/**
 * Creates the one shared connection pool. Every verticle calls {@link #shared} from its own {@code start()}:
 * Vert.x hands out leases on a single physical pool (by name), and each lease closes with its verticle.
 */
public final class PgPools {

  public static final String POOL_NAME = "conduit";
  /** Requests waiting for a connection beyond this fail fast instead of queueing without bound. */
  private static final int MAX_WAIT_QUEUE = 1024;

  private PgPools() {
  }

  public static Pool shared(Vertx vertx, DatabaseUrl database, int maxSize) {
    return PgBuilder.pool()
        .with(new PoolOptions()
            .setMaxSize(maxSize)
            .setMaxWaitQueueSize(MAX_WAIT_QUEUE)
            .setShared(true)
            .setName(POOL_NAME))
        .connectingTo(database.connectOptions().setCachePreparedStatements(true))
        .using(vertx)
        .build();
  }
}
