package dev.conduit.refresh;

import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.config.RateLimitOverride;
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
 * One resilience4j rate limiter per connector, at its published per-account ceiling (or the configured
 * override). A call reserves a permit and, if it must wait, waits on a Vert.x timer — never a blocked event
 * loop; if the wait would exceed the bound, it gets no permit and is deferred by its caller.
 */
final class ConnectorRateLimiters {

  private final Vertx vertx;
  private final Map<String, RateLimiter> limiters = new HashMap<>();

  /**
   * @param overrides ceilings replacing the catalog's
   * @param maxWait   the longest a call may wait for a permit
   */
  ConnectorRateLimiters(Vertx vertx, Catalog catalog, List<RateLimitOverride> overrides, Duration maxWait) {
    this.vertx = vertx;
    Map<String, RateLimitOverride> replaced = new HashMap<>();
    overrides.forEach(override -> replaced.put(override.connector(), override));
    for (Connector connector : catalog.all()) {
      RateLimitOverride override = replaced.get(connector.id());
      int limit = override != null ? override.limit() : connector.rateLimit().limit();
      int periodSeconds = override != null ? override.periodSeconds() : connector.rateLimit().periodSeconds();
      limiters.put(connector.id(), RateLimiter.of("refresh-" + connector.id(), RateLimiterConfig.custom()
          .limitForPeriod(limit)
          .limitRefreshPeriod(Duration.ofSeconds(periodSeconds))
          .timeoutDuration(maxWait)
          .build()));
    }
  }

  /**
   * Completes with true once a call to the connector's provider is allowed, after waiting if needed; with false
   * at once when no permit is available within the bound (nothing was reserved).
   */
  Future<Boolean> acquire(String connector, Runnable onWait) {
    RateLimiter limiter = limiters.get(connector);
    if (limiter == null) {
      return Future.succeededFuture(true);
    }
    long waitNanos = limiter.reservePermission();
    if (waitNanos < 0) {
      return Future.succeededFuture(false);
    }
    if (waitNanos == 0) {
      return Future.succeededFuture(true);
    }
    onWait.run();
    Promise<Boolean> permitted = Promise.promise();
    vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(waitNanos)), id -> permitted.complete(true));
    return permitted.future();
  }
}
