package dev.conduit.core.config;

import java.time.Duration;

/**
 * @param host      the interface to listen on
 * @param port      the listening port
 * @param instances how many event loops run, each with one HttpVerticle and one VaultVerticle instance; 0 picks
 *                  one per two cores
 * @param publicUrl the base URL clients and providers reach Conduit at (empty: {@code http://localhost:<port>})
 * @param idleTimeout    a connection with nothing read or written for this long is closed
 * @param headerTimeout  a new connection's first request head (request line and headers) must be complete within
 *                       this long of its opening; on a kept-alive connection, within idle-timeout plus this of the
 *                       last response
 * @param bodyTimeout    a request's body must be complete within this long of its head
 * @param maxConnections open client connections of this process; one more is closed as soon as it is accepted
 */
public record HttpConfig(String host, int port, int instances, String publicUrl, Duration idleTimeout,
    Duration headerTimeout, Duration bodyTimeout, int maxConnections) {

  /** The number of instances to deploy: as configured, or one per two cores (at least one) for 0. */
  public int effectiveInstances() {
    return instances > 0 ? instances : Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
  }

  /** The base URL without a trailing slash. */
  public String baseUrl() {
    String base = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + port : publicUrl;
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
