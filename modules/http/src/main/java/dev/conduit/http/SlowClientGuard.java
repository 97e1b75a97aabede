package dev.conduit.http;

import dev.conduit.core.config.HttpConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.PlatformHandler;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps slow and silent clients from holding connections: the connection cap, and deadlines for a request's head
 * and body. Vert.x's own idle timeout closes a connection with no traffic at all; a client trickling a byte now
 * and then defeats that, so the deadlines here count from fixed points instead. Vert.x has no hook for "a
 * request's first byte arrived", hence the head's deadline runs from the connection's start, and on a kept-alive
 * connection from the end of the last response plus the idle timeout. That needs {@link #connected} called on
 * accept, which Vert.x does only with cleartext HTTP/2 off (see HttpVerticle). One guard per HttpVerticle
 * instance: all of its state is touched on that instance's event loop only.
 */
final class SlowClientGuard implements PlatformHandler {

  private static final Logger LOG = LoggerFactory.getLogger(SlowClientGuard.class);

  /** What a connection is late with, for the log line. */
  private enum Late {
    HEAD("request head"),
    BODY("request body");

    final String what;

    Late(String what) {
      this.what = what;
    }
  }

  /** One open connection: how many of its requests await their response, and the pending head deadline. */
  private final class Tracked {
    final HttpConnection connection;
    int inFlight;
    long headTimer = -1;

    Tracked(HttpConnection connection) {
      this.connection = connection;
    }

    void awaitHead(long millis) {
      cancelHead();
      headTimer = vertx.setTimer(millis, id -> {
        headTimer = -1;
        closeLate(connection, Late.HEAD, millis);
      });
    }

    void cancelHead() {
      if (headTimer >= 0) {
        vertx.cancelTimer(headTimer);
        headTimer = -1;
      }
    }
  }

  private final Vertx vertx;
  private final OpenConnections open;
  private final long headerMillis;
  private final long keptAliveHeaderMillis;
  private final long bodyMillis;
  private final Map<HttpConnection, Tracked> tracked = new HashMap<>();
  private final Set<HttpConnection> refused = new HashSet<>();

  SlowClientGuard(Vertx vertx, HttpConfig config, OpenConnections open) {
    this.vertx = vertx;
    this.open = open;
    this.headerMillis = config.headerTimeout().toMillis();
    this.keptAliveHeaderMillis = config.idleTimeout().plus(config.headerTimeout()).toMillis();
    this.bodyMillis = config.bodyTimeout().toMillis();
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
    tracked.put(connection, connectionState);
    connectionState.awaitHead(headerMillis);
    connection.closeHandler(v -> {
      connectionState.cancelHead();
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
    if (refused.contains(request.connection())) {
      request.connection().close();
      return;
    }
    Tracked connectionState = tracked.get(request.connection());
    if (connectionState == null) {
      // every connection is counted on accept, so this is not expected; serve rather than fail the request (the
      // idle timeout still bounds the connection)
      ctx.next();
      return;
    }
    connectionState.cancelHead();
    connectionState.inFlight++;
    if (!request.isEnded()) {
      HttpConnection connection = request.connection();
      long bodyTimer = vertx.setTimer(bodyMillis, id -> closeLate(connection, Late.BODY, bodyMillis));
      request.end().onComplete(done -> vertx.cancelTimer(bodyTimer));
    }
    ctx.addEndHandler(done -> {
      connectionState.inFlight--;
      if (connectionState.inFlight == 0 && tracked.containsKey(connectionState.connection)) {
        connectionState.awaitHead(keptAliveHeaderMillis);
      }
    });
    ctx.next();
  }

  private static void closeLate(HttpConnection connection, Late late, long millis) {
    // the address is the peer's, not anything it sent; debug, since a flood of slow clients is not news per line
    LOG.debug("closing a connection from {}: no complete {} within {} ms", connection.remoteAddress(), late.what,
        millis);
    connection.close();
  }
}
