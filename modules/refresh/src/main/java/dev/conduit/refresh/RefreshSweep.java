package dev.conduit.refresh;

import dev.conduit.core.config.RefreshConfig;
import dev.conduit.store.OutageLog;
import dev.conduit.store.RefreshRepository;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every {@code refresh.interval}, claims a batch of due credentials ({@code FOR UPDATE SKIP LOCKED} plus a lease
 * that expires, so a crashed replica's claims come back) and refreshes them concurrently within the rate
 * limits. The next sweep is scheduled when this one has finished, so sweeps never overlap; a full batch is
 * followed at once by the next.
 */
final class RefreshSweep {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshSweep.class);

  private final OutageLog outage = new OutageLog(LOG, "the refresh sweep");
  private final Vertx vertx;
  private final RefreshRepository repository;
  private final RefreshCoordinator coordinator;
  private final RefreshMetrics metrics;
  private final RefreshConfig config;
  private final String node;
  private boolean stopped;
  private long timer = -1;
  /** The sweep running now, or a completed future between sweeps. */
  private Future<Void> running = Future.succeededFuture();

  RefreshSweep(Vertx vertx, RefreshRepository repository, RefreshCoordinator coordinator, RefreshMetrics metrics,
      RefreshConfig config, String node) {
    this.vertx = vertx;
    this.repository = repository;
    this.coordinator = coordinator;
    this.metrics = metrics;
    this.config = config;
    this.node = node;
  }

  void start() {
    schedule(Duration.ofMillis(1));
  }

  /**
   * Claims nothing more; completes once the sweep running now, if any, has finished with its claims (each refreshed,
   * deferred or given back). Safe to call again.
   */
  Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    return running;
  }

  private void schedule(Duration delay) {
    if (!stopped) {
      timer = vertx.setTimer(Math.max(1, delay.toMillis()), id -> sweep());
    }
  }

  private void sweep() {
    long started = System.nanoTime();
    Promise<Void> done = Promise.promise();
    running = done.future();
    repository.claimDue(node, config.lease(), config.batchSize())
        .compose(claims -> Future.join(claims.stream().map(coordinator::claimed).toList()).map(claims))
        .compose(claims -> repository.dueBacklog().map(backlog -> {
          metrics.dueBacklog(backlog);
          return claims;
        }))
        .onComplete(result -> done.complete())
        .onComplete(result -> {
          Duration took = Duration.ofNanos(System.nanoTime() - started);
          if (result.failed()) {
            outage.failed("refresh sweep failed; retrying at the next interval", result.cause());
            schedule(config.interval());
            return;
          }
          outage.succeeded();
          List<RefreshRepository.Claim> claims = result.result();
          metrics.sweep(claims.size(), took);
          // a full batch means more are due: go on at once instead of waiting an interval
          schedule(claims.size() >= config.batchSize() ? Duration.ZERO : config.interval());
        });
  }
}
