package dev.conduit.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServer;
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
   * Closes the listeners (a new connection is refused) and completes once the requests in flight have been
   * answered, or once {@code timeout} has passed: then the connections still open are closed, requests and all.
   */
  public Future<Void> stopServing(Duration timeout) {
    return Future.join(servers.stream().map(server -> server.shutdown(timeout.toMillis(), TimeUnit.MILLISECONDS))
        .toList()).mapEmpty();
  }
}
