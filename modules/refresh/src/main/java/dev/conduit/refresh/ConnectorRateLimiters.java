package dev.conduit.refresh;

import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.config.RateLimitOverride;
import dev.conduit.store.ClusterCeilings;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Each connector's ceiling (its published per-account rate, or the configured override), held twice: locally, a
 * resilience4j rate limiter paces this replica's calls; cluster-wide, every call also takes a permit from PostgreSQL
 * ({@link ClusterCeilings}), so all replicas together stay within the ceiling. A call reserves its local permit
 * and, if it must wait, waits on a Vert.x timer — never a blocked event loop; if either wait would exceed the bound,
 * it gets no permit and is deferred by its caller.
 */
final class ConnectorRateLimiters {

  /** Scopes of refresh traffic in the cluster's ceilings ({@code refresh:<connector>}). */
  static final String SCOPE_PREFIX = "refresh:";

  private final Vertx vertx;
  private final ClusterCeilings cluster;
  private final Duration maxWait;
  private final Map<String, Limited> limiters = new HashMap<>();

  /** A connector's local limiter and the ceiling it shares with the cluster. */
  private record Limited(RateLimiter local, int limit, int periodSeconds) {
  }

  /**
   * @param overrides ceilings replacing the catalog's
   * @param maxWait   the longest a call may wait for a permit, local and cluster-wide together
   */
  ConnectorRateLimiters(Vertx vertx, ClusterCeilings cluster, Catalog catalog, List<RateLimitOverride> overrides,
      Duration maxWait) {
    this.vertx = vertx;
    this.cluster = cluster;
    this.maxWait = maxWait;
    Map<String, RateLimitOverride> replaced = new HashMap<>();
    overrides.forEach(override -> replaced.put(override.connector(), override));
    for (Connector connector : catalog.all()) {
      RateLimitOverride override = replaced.get(connector.id());
      int limit = override != null ? override.limit() : connector.rateLimit().limit();
      int periodSeconds = override != null ? override.periodSeconds() : connector.rateLimit().periodSeconds();
      limiters.put(connector.id(), new Limited(RateLimiter.of("refresh-" + connector.id(), RateLimiterConfig.custom()
          .limitForPeriod(limit)
          .limitRefreshPeriod(Duration.ofSeconds(periodSeconds))
          .timeoutDuration(maxWait)
          .build()), limit, periodSeconds));
    }
  }

  /**
   * Completes with true once a call to the connector's provider is allowed, after waiting if needed; with false
   * when no permit is available within the bound (nothing local was reserved, or the cluster's window is spent);
   * failed when the database cannot be asked for the cluster's permit.
   */
  Future<Boolean> acquire(String connector, Runnable onWait) {
    Limited limited = limiters.get(connector);
    if (limited == null) {
      return Future.succeededFuture(true);
    }
    long deadline = System.nanoTime() + maxWait.toNanos();
    long waitNanos = limited.local().reservePermission();
    if (waitNanos < 0) {
      return Future.succeededFuture(false);
    }
    Future<Void> localTurn;
    if (waitNanos == 0) {
      localTurn = Future.succeededFuture();
    } else {
      onWait.run();
      Promise<Void> turn = Promise.promise();
      vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)), id -> turn.complete());
      localTurn = turn.future();
    }
    return localTurn.compose(v -> cluster.acquire(SCOPE_PREFIX + connector, limited.limit(), limited.periodSeconds(),
        deadline));
  }
}
