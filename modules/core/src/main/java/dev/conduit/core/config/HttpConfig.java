package dev.conduit.core.config;

/**
 * @param host      the interface to listen on
 * @param port      the listening port
 * @param instances how many HttpVerticle instances (event loops) serve requests
 * @param publicUrl the base URL clients and providers reach Conduit at (empty: {@code http://localhost:<port>})
 */
public record HttpConfig(String host, int port, int instances, String publicUrl) {

  /** The base URL without a trailing slash. */
  public String baseUrl() {
    String base = publicUrl == null || publicUrl.isBlank() ? "http://localhost:" + port : publicUrl;
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
