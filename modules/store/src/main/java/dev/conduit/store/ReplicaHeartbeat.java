package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this replica registered in {@code cluster_replicas} while it runs: registers as it starts, beats every
 * {@code cluster.heartbeat-interval} (the next beat is timed from the end of the last, so beats never overlap), and
 * on each beat clears what has expired — replicas that stopped beating and rate windows that have ended. Stopping
 * deregisters, so the others stop counting this replica at once instead of after three missed beats. Deployed once
 * per process, first, and undeployed last.
 */
public final class ReplicaHeartbeat extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(ReplicaHeartbeat.class);

  private final DatabaseUrl databaseUrl;
  private final int poolSize;
  private final String replica;
  private final Duration interval;
  private final OutageLog outage = new OutageLog(LOG, "the cluster heartbeat");
  private ClusterReplicas replicas;
  private CeilingLeases windows;
  private long timer = -1;
  private boolean stopped;
  /** The beat in progress, if any: a deregistration waits for it, or the beat would register this replica again. */
  private Future<Void> beating = Future.succeededFuture();

  /** @param replica this process's name in the cluster (the same as in refresh claims) */
  public ReplicaHeartbeat(DatabaseUrl databaseUrl, int poolSize, String replica, Duration interval) {
    this.databaseUrl = databaseUrl;
    this.poolSize = poolSize;
    this.replica = replica;
    this.interval = interval;
  }

  @Override
  public Future<?> start() {
    Database database = PgPools.shared(vertx, databaseUrl, poolSize);
    replicas = new ClusterReplicas(database);
    windows = new CeilingLeases(database);
    // the first beat registers; start-up does not wait for it, since a replica not yet counted only makes the others'
    // shares a little larger, and a slow first connection on a loaded machine must not fail the start
    beat();
    return Future.succeededFuture();
  }

  private void schedule() {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, interval.toMillis()), id -> beat());
    }
  }

  private void beat() {
    beating = replicas.beat(replica, interval);
    beating.compose(v -> replicas.deleteExpired())
        .compose(v -> windows.deleteEnded())
        .onComplete(done -> {
          if (done.failed()) {
            outage.failed("cluster heartbeat failed; retrying at the next interval", done.cause());
          } else {
            outage.succeeded();
          }
          schedule();
        });
  }

  /** Deregisters; a database that does not answer leaves the row to expire by itself. */
  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return beating.transform(beat -> replicas.leave(replica))
        .onFailure(e -> LOG.atWarn().setMessage("could not deregister from the cluster; the others stop counting"
            + " this replica when its heartbeat expires").addKeyValue("error", e.toString()).log())
        .otherwiseEmpty();
  }
}
