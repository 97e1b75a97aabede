package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;

/**
 * The replicas of one Conduit cluster, as PostgreSQL sees them: each upserts its row on every heartbeat and counts
 * as live until three heartbeat intervals later (by the database's clock, so replicas' clocks do not matter). The
 * live count is what a ceiling's share is divided by ({@link CeilingLeases}).
 */
public final class ClusterReplicas {

  /** Heartbeats a replica may miss before the others stop counting it. */
  public static final int MISSED_HEARTBEATS = 3;

  private static final String BEAT = """
      INSERT INTO cluster_replicas (id, expires_at) VALUES ($1, now() + make_interval(secs => $2))
      ON CONFLICT (id) DO UPDATE SET heartbeat_at = now(), expires_at = EXCLUDED.expires_at""";
  private static final String DELETE_EXPIRED = "DELETE FROM cluster_replicas WHERE expires_at <= now()";
  private static final String LEAVE = "DELETE FROM cluster_replicas WHERE id = $1";

  private final Database database;

  public ClusterReplicas(Database database) {
    this.database = database;
  }

  /** Registers {@code replica}, or renews it, as live for {@link #MISSED_HEARTBEATS} times {@code interval}. */
  public Future<Void> beat(String replica, Duration interval) {
    double seconds = interval.multipliedBy(MISSED_HEARTBEATS).toMillis() / 1000.0;
    return database.system().execute(BEAT, Tuple.of(replica, seconds)).mapEmpty();
  }

  /** Forgets replicas that stopped beating (each one's row would otherwise stay after a crash). */
  public Future<Integer> deleteExpired() {
    return database.system().query(DELETE_EXPIRED).map(rows -> rows.rowCount());
  }

  /** A clean stop: the others stop counting {@code replica} at once. */
  public Future<Void> leave(String replica) {
    return database.system().execute(LEAVE, Tuple.of(replica)).mapEmpty();
  }
}
