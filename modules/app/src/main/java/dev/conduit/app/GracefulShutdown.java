package dev.conduit.app;

import dev.conduit.core.config.ServerConfig;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM does, in order, all within {@code server.shutdown-grace}: readiness turns 503 and background jobs
 * take nothing new; after {@code server.drain-delay} the HTTP listener closes and the requests in flight finish;
 * the verticles are undeployed (refreshes and webhook deliveries in flight finish and give their claims back);
 * Vert.x closes; the embedded PostgreSQL, if any, stops last. What is still running when the grace is up is
 * abandoned, named in one warning.
 */
final class GracefulShutdown {

  private static final Logger LOG = LoggerFactory.getLogger(GracefulShutdown.class);
  /** The exit status of a stop that finished everything in time (a signal's own would be 128 + its number). */
  static final int STOPPED = 0;
  /** The exit status of a stop that abandoned work when the grace ran out. */
  static final int ABANDONED = 1;

  private final ConduitServer server;
  private final Duration grace;
  private final Duration drainDelay;
  /** What the stop waits for now: named if the grace runs out. Written on event loops, read by the stopping thread. */
  private volatile String waitingFor = "the drain delay";

  /**
   * @param config the grace and the drain delay; the development setup (embedded PostgreSQL) has no load balancer
   *               to wait for, so it does not drain
   */
  GracefulShutdown(ConduitServer server, ServerConfig config) {
    this.server = server;
    this.grace = config.shutdownGrace();
    this.drainDelay = server.isDevelopment() ? Duration.ZERO : config.drainDelay();
  }

  /** Stops the server; blocks the calling thread (not an event loop) until done or the grace is up. */
  int run() {
    long started = System.nanoTime();
    long deadline = started + grace.toNanos();
    LOG.atInfo().setMessage("stopping: draining for " + drainDelay + " (readiness answers 503), then finishing the"
        + " work in flight").addKeyValue("shutdownGrace", grace).log();
    List<String> abandoned = new CopyOnWriteArrayList<>();
    server.startDraining();
    // what follows HTTP (undeploying, closing pools) is quick but needs some of the grace even when requests ran long;
    // the drain is shorter than the grace (a configuration rule), so HTTP always gets some time of its own
    long afterDrain = grace.minus(drainDelay).toNanos();
    long httpDeadline = deadline - Math.min(TimeUnit.SECONDS.toNanos(2), afterDrain / 4);
    Future<Void> undeployed = delay(drainDelay)
        .compose(v -> {
          waitingFor = "HTTP requests in flight";
          return server.stopServing(Duration.ofNanos(Math.max(0, httpDeadline - System.nanoTime())));
        })
        .compose(v -> {
          if (System.nanoTime() >= httpDeadline) {
            // Vert.x closed the connections whose requests were still running when their time was up
            abandoned.add("HTTP requests in flight (their connections were closed)");
          }
          return server.undeployVerticles(step -> waitingFor = step);
        });
    if (finished(undeployed, deadline, abandoned)) {
      waitingFor = "Vert.x to close";
      // the other replicas stop counting this one in the ceilings' shares now, not after three missed heartbeats
      server.deregister();
      // from this thread, not composed on the chain above: see ConduitServer.closeVertx
      finished(server.closeVertx(), deadline, abandoned);
    }
    if (!abandoned.isEmpty()) {
      LOG.warn("stopping: not everything finished within the shutdown grace ({}); abandoned: {}; exiting anyway",
          grace, String.join(", ", abandoned));
    }
    server.stopDatabase();
    LOG.atInfo().setMessage("stopped")
        .addKeyValue("stopMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).log();
    return abandoned.isEmpty() ? STOPPED : ABANDONED;
  }

  /**
   * Waits for {@code step} until the deadline. False if it did not finish (or failed): then what the stop was waiting
   * for is added to {@code abandoned}.
   */
  private boolean finished(Future<Void> step, long deadline, List<String> abandoned) {
    try {
      step.toCompletionStage().toCompletableFuture().get(Math.max(0, deadline - System.nanoTime()),
          TimeUnit.NANOSECONDS);
      return true;
    } catch (TimeoutException e) {
      abandoned.add(waitingFor);
    } catch (ExecutionException e) {
      abandoned.add(waitingFor + " (failed: " + e.getCause() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandoned.add(waitingFor + " (interrupted)");
    }
    return false;
  }

  private Future<Void> delay(Duration delay) {
    // a Vert.x timer needs at least a millisecond
    return delay.toMillis() < 1 ? Future.succeededFuture()
        : server.vertx().timer(delay.toMillis(), TimeUnit.MILLISECONDS).mapEmpty();
  }
}
