package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

/**
 * Permits under cluster-wide ceilings, taken from PostgreSQL. A ceiling ({@code budget} calls per
 * {@code periodSeconds}) is a row per fixed window of its period, aligned to the epoch on the database's clock, so
 * replicas whose clocks disagree still share one window. One atomic upsert takes up to the permits asked for from
 * what the window has left: concurrent takers, on any replica, queue on the row's lock and never get more than the
 * budget between them. Each grant is also capped at an even share of what is left among the live replicas, so
 * replicas that are all busy take turns rather than the first asker taking the whole window.
 */
public final class CeilingLeases {

  /** The permits this statement grants, from the window row as it was before it ($2 budget, $4 want). */
  private static final String GRANT = """
      least($4::int, greatest(least(w.budget, $2::int) - w.taken, 0),
        ceil(greatest(least(w.budget, $2::int) - w.taken, 0)::numeric / (SELECT replicas FROM live))::int)""";
  private static final String TAKE = """
      WITH live AS (SELECT greatest(count(*), 1) AS replicas FROM cluster_replicas WHERE expires_at > now()),
      current_window AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $3::int) * $3::int) AS start)
      INSERT INTO rate_windows AS w (scope, window_start, window_end, budget, taken, last_grant)
      SELECT $1::text, start, start + make_interval(secs => $3::int), $2::int, g.granted, g.granted
      FROM current_window, live,
        LATERAL (SELECT least($4::int, $2::int, ceil($2::int::numeric / live.replicas)::int) AS granted) g
      ON CONFLICT (scope, window_start) DO UPDATE SET taken = w.taken + %1$s, last_grant = %1$s
      RETURNING last_grant, least(w.budget, $2::int) - w.taken AS left_after,
        greatest(extract(epoch FROM (w.window_end - now())) * 1000, 0)::bigint AS remaining_ms""".formatted(GRANT);
  private static final String DELETE_ENDED = "DELETE FROM rate_windows WHERE window_end < now()";

  private final Database database;

  public CeilingLeases(Database database) {
    this.database = database;
  }

  /**
   * What one take got.
   *
   * @param granted     permits granted now (0 when the window has none left)
   * @param left        what the window still has after this grant (0: exhausted until it ends)
   * @param remainingMs how long the window still runs after the statement began, by the database's clock
   */
  public record Grant(int granted, int left, long remainingMs) {
  }

  /**
   * Takes up to {@code want} permits of {@code scope}'s current window.
   *
   * @param budget        the ceiling: calls per window (the window keeps the budget of its first taker)
   * @param periodSeconds the window's length
   */
  public Future<Grant> take(String scope, int budget, int periodSeconds, int want) {
    if (budget < 1 || periodSeconds < 1 || want < 1) {
      throw new IllegalArgumentException("budget, period and want must be positive: " + budget + ", "
          + periodSeconds + ", " + want);
    }
    return database.system().execute(TAKE, Tuple.of(scope, budget, periodSeconds, want)).map(rows -> {
      Row row = rows.iterator().next();
      return new Grant(row.getInteger("last_grant"), Math.max(0, row.getInteger("left_after")),
          row.getLong("remaining_ms"));
    });
  }

  /**
   * Deletes windows that have ended. Safe beside takers: a grant from a window re-created after its end is
   * answered after that end, when its taker no longer uses it.
   */
  public Future<Integer> deleteEnded() {
    return database.system().query(DELETE_ENDED).map(rows -> rows.rowCount());
  }
}
