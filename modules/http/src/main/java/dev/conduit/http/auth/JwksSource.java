package dev.conduit.http.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches a JWKS. Refetches (for a token with an unknown {@code kid}) are coalesced into one call in flight and
 * at most one per {@code auth.jwks-refetch-interval}, so a flood of tokens with made-up key ids cannot turn into
 * a flood of requests to the identity provider.
 */
final class JwksSource {

  private static final Logger LOG = LoggerFactory.getLogger(JwksSource.class);
  private static final long TIMEOUT_MS = 5_000;

  private final WebClient client;
  private final String url;
  private final List<String> algorithms;
  private final long refetchIntervalMs;
  private Future<List<JsonObject>> inFlight;
  private long lastFetchStartedAt = Long.MIN_VALUE / 2;

  JwksSource(WebClient client, String url, List<String> algorithms, Duration refetchInterval) {
    this.client = client;
    this.url = url;
    this.algorithms = algorithms;
    this.refetchIntervalMs = refetchInterval.toMillis();
  }

  /** The usable signing keys now; fails when the JWKS cannot be fetched or read. */
  Future<List<JsonObject>> fetch() {
    lastFetchStartedAt = System.currentTimeMillis();
    return client.getAbs(url)
        .followRedirects(false)
        .timeout(TIMEOUT_MS)
        .putHeader("Accept", "application/json")
        .send()
        .compose(response -> {
          if (response.statusCode() != 200) {
            return Future.failedFuture(new IllegalStateException("auth.jwks-url answered HTTP " + response.statusCode()));
          }
          try {
            return Future.succeededFuture(VerificationKeys.usableJwks(response.bodyAsJsonObject(), algorithms));
          } catch (RuntimeException e) {
            return Future.failedFuture(new IllegalStateException("auth.jwks-url did not return a JWKS document"));
          }
        });
  }

  /**
   * A refetch, shared with any already in flight; an empty list when refetching now is not allowed or fails
   * (the caller keeps its keys).
   */
  Future<List<JsonObject>> refetch() {
    if (inFlight != null) {
      return inFlight;
    }
    if (System.currentTimeMillis() - lastFetchStartedAt < refetchIntervalMs) {
      return Future.succeededFuture(List.of());
    }
    inFlight = fetch()
        .recover(e -> {
          LOG.atWarn().setMessage("JWKS refetch failed; keeping the last good keys").addKeyValue("url", url)
              .addKeyValue("error", e.getMessage()).log();
          return Future.succeededFuture(List.of());
        })
        .andThen(done -> inFlight = null);
    return inFlight;
  }
}
