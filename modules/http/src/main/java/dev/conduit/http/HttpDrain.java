package dev.conduit.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.handler.PlatformHandler;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP side of a graceful stop, shared by every HttpVerticle instance of the process. First readiness reports
 * the {@code shutdown} check down (requests are still served, so traffic can move elsewhere); then the listeners
 * close and the requests in flight finish, each connection closing after its response.
 */
public final class HttpDrain {

  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private volatile boolean draining;

  void serving(HttpServer server) {
    servers.add(server);
  }

  /** From now on {@code /health/ready} answers 503; every request is still served. */
  public void startDraining() {
    draining = true;
  }

  boolean draining() {
    return draining;
  }

  /**
   * A root handler (a platform one, so it may come before the body handler): every response sent while draining
   * (also one to a request that came in earlier) says {@code Connection: close}, so the client's next request opens a
   * new connection, which the load balancer sends to another replica. Without it, a keep-alive connection idle at the
   * moment the listener closes is closed by the server just as the client may be sending its next request on it:
   * that request fails with no answer, and HTTP/1.1 lets the client not tell whether it was read, so a POST (a vend)
   * is not retried.
   */
  PlatformHandler closingConnectionsWhileDraining() {
    return context -> {
      context.addHeadersEndHandler(v -> {
        if (draining) {
          context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        }
      });
      context.next();
    };
  }

  /**
   * Closes the listeners (a new connection is refused) and completes once the requests in flight have been
   * answered, or once {@code timeout} has passed: then the connections still open are closed, requests and all.
   */
  public Future<Void> stopServing(Duration timeout) {
    return Future.join(servers.stream().map(server -> server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .toList()).mapEmpty();
  }
}
