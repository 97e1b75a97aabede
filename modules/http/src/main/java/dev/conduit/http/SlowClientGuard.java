package dev.conduit.http;

import dev.conduit.core.config.HttpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow and silent clients from holding connections: the connection cap, and deadlines for a request's head
 * and body. Vert.x's own idle timeout closes a connection with no traffic at all; a client trickling a byte now
 * and then defeats that, so the deadlines here count from fixed points instead. Vert.x has no hook for "a
 * request's first byte arrived", hence the head's deadline runs from the connection's start, and on a kept-alive
 * connection from the end of the last response plus the idle timeout. That needs {@link #connected} called on
 * accept, which Vert.x does only with cleartext HTTP/2 off (see HttpVerticle).
 *
 * <p>A request only writes a deadline into its connection's record; one periodic sweep closes the connections
 * past theirs. (A timer set and cancelled per request cost the vend path about a tenth of its throughput.) The
 * sweep runs four times per shortest timeout, at most once a second, so a deadline is kept to within a quarter of
 * its timeout or a second. One guard per HttpVerticle instance: all of its state is touched on that instance's
 * event loop only.
 */
final class SlowClientGuard implements PlatformHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);
  private static final long MAX_SWEEP_MILLIS = 1_000;
  private static final long MIN_SWEEP_MILLIS = 10;
  private static final long NO_DEADLINE = Long.MIN_VALUE;

  /** What a connection is late with, for the log line. */
  private enum Late {
    HEAD("request head"),
    BODY("request body");

    final String what;

    Late(String what) {
      this.what = what;
    }
  }

  /** One open connection: how many of its requests await their response, and its pending deadlines. */
  private static final class Tracked {
    final HttpConnection connection;
    int inFlight;
    long headDeadline = NO_DEADLINE;
    long bodyDeadline = NO_DEADLINE;
    /** The time the pending head was given, for the log line: less for a new connection than a kept-alive one. */
    long headAllowance;

    Tracked(HttpConnection connection) {
      this.connection = connection;
    }

    void awaitHead(long allowance) {
      headAllowance = allowance;
      headDeadline = System.nanoTime() + allowance;
    }
  }

  private final Vertx vertx;
  private final OpenConnections open;
  private final long headerNanos;
  private final long keptAliveHeaderNanos;
  private final long bodyNanos;
  private final long sweepMillis;
  private final Map<HttpConnection, Tracked> tracked = new HashMap<>();
  private final Set<HttpConnection> refused = new HashSet<>();

  SlowClientGuard(Vertx vertx, HttpConfig config, OpenConnections open) {
    this.vertx = vertx;
    this.open = open;
    this.headerNanos = config.headerTimeout().toNanos();
    this.keptAliveHeaderNanos = config.idleTimeout().plus(config.headerTimeout()).toNanos();
    this.bodyNanos = config.bodyTimeout().toNanos();
    long shortest = Math.min(config.headerTimeout().toMillis(), config.bodyTimeout().toMillis());
    this.sweepMillis = Math.max(MIN_SWEEP_MILLIS, Math.min(MAX_SWEEP_MILLIS, shortest / 4));
  }

  /**
   * Starts the sweep. Call from the verticle's start: the timer belongs to its context and ends with it.
   */
  void start() {
    vertx.setPeriodic(sweepMillis, id -> sweep());
  }

  /** The server's connection handler: counts the connection or closes it, and starts its head deadline. */
  void connected(HttpConnection connection) {
    if (!open.tryOpen()) {
      // a request may come in before the close takes effect: dropped, not answered (see handle)
      refused.add(connection);
      connection.closeHandler(v -> refused.remove(connection));
      connection.close();
      return;
    }
    Tracked connectionState = new Tracked(connection);
    connectionState.awaitHead(headerNanos);
    tracked.put(connection, connectionState);
    connection.closeHandler(v -> {
      tracked.remove(connection);
      open.closed();
    });
  }

  /**
   * The router's first root handler (a platform handler, as it must be to run before the body handler): the head
   * has arrived; the body must follow within the body timeout, and once the response is done, an idle connection
   * waits for its next head again.
   */
  @Override
  public void handle(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    HttpConnection connection = request.connection();
    if (refused.contains(connection)) {
      connection.close();
      return;
    }
    Tracked connectionState = tracked.get(connection);
    if (connectionState == null) {
      // every connection is counted on accept, so this is not expected; serve rather than fail the request (the
      // idle timeout still bounds the connection)
      ctx.next();
      return;
    }
    connectionState.headDeadline = NO_DEADLINE;
    connectionState.inFlight++;
    if (!request.isEnded()) {
      connectionState.bodyDeadline = System.nanoTime() + bodyNanos;
      request.end().onComplete(done -> connectionState.bodyDeadline = NO_DEADLINE);
    }
    ctx.addEndHandler(done -> {
      connectionState.inFlight--;
      if (connectionState.inFlight == 0) {
        connectionState.awaitHead(keptAliveHeaderNanos);
      }
    });
    ctx.next();
  }

  private void sweep() {
    if (tracked.isEmpty()) {
      return;
    }
    long now = System.nanoTime();
    List<Tracked> late = null;
    for (Tracked connectionState : tracked.values()) {
      if (isPast(connectionState.headDeadline, now) || isPast(connectionState.bodyDeadline, now)) {
        if (late == null) {
          late = new ArrayList<>();
        }
        late.add(connectionState);
      }
    }
    if (late != null) {
      // closed outside the loop: a close handler may run at once and remove the entry from the map
      for (Tracked connectionState : late) {
        closeLate(connectionState, now);
      }
    }
  }

  private static boolean isPast(long deadline, long now) {
    return deadline != NO_DEADLINE && now - deadline >= 0;
  }

  private void closeLate(Tracked connectionState, long now) {
    boolean body = isPast(connectionState.bodyDeadline, now);
    Late late = body ? Late.BODY : Late.HEAD;
    long allowed = body ? bodyNanos : connectionState.headAllowance;
    connectionState.headDeadline = NO_DEADLINE;
    connectionState.bodyDeadline = NO_DEADLINE;
    // the address is the peer's, not anything it sent; debug, since a flood of slow clients is not news per line
    LOG.debug("closing a connection from {}: no complete {} within {} ms", connectionState.connection.remoteAddress(),
        late.what, TimeUnit.NANOSECONDS.toMillis(allowed));
    connectionState.connection.close();
  }
}
