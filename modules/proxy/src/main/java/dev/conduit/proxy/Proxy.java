package dev.conduit.proxy;

import dev.conduit.core.catalog.ApiBaseUrl;
import dev.conduit.core.catalog.ApiSettings;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.RateLimit;
import dev.conduit.core.catalog.UrlTemplate;
import dev.conduit.core.config.ProxyConfig;
import dev.conduit.core.connection.VendedSecret;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The provider API proxy: one call of {@code /api/connections/{id}/proxy/{path}} from the vend of the connection's
 * credential to the last byte of the provider's answer. One instance per HTTP verticle instance, on its event loop.
 */
public final class Proxy {

  /** The connection's credential, by the vend path (warm cache, refresh on read; forced: after a provider's 401). */
  @FunctionalInterface
  public interface Credentials {
    Future<VendedSecret> vend(String owner, UUID connectionId, boolean forced, String requestId);
  }

  /** A connection's metadata, for base URLs with placeholders. */
  @FunctionalInterface
  public interface Metadata {
    Future<Map<String, String>> of(String owner, UUID connectionId);
  }

  /**
   * One call. {@code request} is paused: its body is read only once the call is known to go out.
   *
   * @param path the provider path after {@code /proxy/}, percent-encoded as the caller sent it
   */
  public record Call(String owner, UUID connectionId, String requestId, HttpServerRequest request, String path) {
  }

  private final Vertx vertx;
  private final ProxyConfig config;
  private final Catalog catalog;
  private final Credentials credentials;
  private final Metadata metadata;
  private final ConnectionCeiling ceiling;
  private final ProviderExchange exchange;
  private final ProxyMetrics metrics;
  /** Forced vends in flight, by connection: concurrent 401s of one connection share one refresh. */
  private final Map<UUID, Future<VendedSecret>> forcedVends = new HashMap<>();

  public Proxy(Vertx vertx, ProxyConfig config, Catalog catalog, Credentials credentials, Metadata metadata,
      dev.conduit.store.CeilingLeases leases, HttpClient client, ProxyMetrics metrics) {
    this.vertx = vertx;
    this.config = config;
    this.catalog = catalog;
    this.credentials = credentials;
    this.metadata = metadata;
    this.ceiling = new ConnectionCeiling(vertx, leases);
    this.exchange = new ProviderExchange(client, config.connectTimeout().toMillis(), config.idleTimeout().toMillis(),
        config.maxBody());
    this.metrics = metrics;
  }

  /**
   * Forwards the call. Completes with the status code the caller was answered with once the answer has gone out
   * (the provider's, streamed); fails with a {@link ConduitException} while nothing has been written, for the
   * caller's JSON:API error (and then {@code response().headWritten()} is false).
   */
  public Future<Integer> forward(Call call) {
    long started = System.nanoTime();
    HttpServerRequest in = call.request();
    Long contentLength = contentLength(in);
    if (contentLength != null && contentLength > config.maxBody()) {
      return Future.failedFuture(ProviderExchange.tooLarge(config.maxBody()));
    }
    return credentials.vend(call.owner(), call.connectionId(), false, call.requestId())
        .compose(secret -> {
          Connector connector = catalog.find(secret.connector()).orElse(null);
          ApiSettings api = connector == null ? null : connector.api();
          if (api == null || api.baseUrl() == null) {
            return Future.failedFuture(new ConduitException(ErrorCode.CONNECTOR_HAS_NO_API,
                "connector '" + secret.connector() + "' has no api block: Conduit cannot call its API"));
          }
          CallState state = new CallState(call, connector, secret, started);
          return baseUrl(call, api.baseUrl())
              .map(base -> TargetUrl.of(base, call.path(), in.query()))
              .compose(url -> {
                state.url = url;
                return readBody(in, contentLength);
              })
              .compose(body -> {
                state.body = body;
                return state.armTotalTimeout();
              })
              .compose(v -> attempt(state))
              .andThen(done -> state.finish(done.succeeded() ? done.result()
                  : done.cause() instanceof ConduitException known ? known.code().status() : 500));
        });
  }

  /** The base URL with the connection's metadata in its placeholders; a value that would change the host is refused. */
  private Future<String> baseUrl(Call call, String template) {
    if (UrlTemplate.names(template).isEmpty()) {
      return Future.succeededFuture(template);
    }
    return metadata.of(call.owner(), call.connectionId()).map(values -> {
      try {
        return ApiBaseUrl.fill(template, values);
      } catch (IllegalArgumentException refused) {
        // the message names the metadata key and what it must be, never its value
        throw new ConduitException(ErrorCode.VALIDATION_FAILED, refused.getMessage());
      }
    });
  }

  private Future<RequestBody> readBody(HttpServerRequest in, Long contentLength) {
    boolean chunked = in.headers().contains(HttpHeaders.TRANSFER_ENCODING, HttpHeaders.CHUNKED, true);
    if (!chunked && (contentLength == null || contentLength == 0)) {
      in.resume();
      return Future.succeededFuture(new RequestBody.None());
    }
    if (!chunked && contentLength <= RetryRules.REPLAYABLE_BODY_BYTES) {
      Promise<RequestBody> kept = Promise.promise();
      Buffer bytes = Buffer.buffer(contentLength.intValue());
      in.handler(bytes::appendBuffer);
      in.endHandler(v -> kept.tryComplete(new RequestBody.Kept(bytes)));
      in.exceptionHandler(kept::tryFail);
      if (in.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
        in.response().writeContinue();
      }
      in.resume();
      return kept.future();
    }
    return Future.succeededFuture(new RequestBody.Streamed(chunked ? null : contentLength));
  }

  /** One attempt, then at most one retry per rule (a forced refresh after a 401; a throttled answer's wait). */
  private Future<Integer> attempt(CallState state) {
    RateLimit limit = state.connector.rateLimit();
    long deadline = System.nanoTime() + config.maxThrottleWait().toNanos();
    return ceiling.acquire("proxy:" + state.call.connectionId(), limit.limit(), limit.periodSeconds(), deadline)
        .compose(decision -> {
          HttpServerResponse out = state.call.request().response();
          if (decision instanceof ConnectionCeiling.Refusal refusal) {
            metrics.throttled(state.connector.id());
            out.putHeader("X-RateLimit-Limit", Integer.toString(limit.limit()));
            out.putHeader("X-RateLimit-Remaining", "0");
            return Future.failedFuture(ConduitException.retryAfter(ErrorCode.RATE_LIMITED,
                "this connection's calls would exceed " + state.connector.id() + "'s ceiling of " + limit.limit()
                    + " per " + limit.periodSeconds() + " s; retry after the Retry-After delay",
                Duration.ofMillis(refusal.retryAfterMillis())));
          }
          ConnectionCeiling.Permit permit = (ConnectionCeiling.Permit) decision;
          MultiMap headers = MultiMap.caseInsensitiveMultiMap();
          HeaderPolicy.copyRequestHeaders(state.call.request().headers(), headers);
          String url = CredentialPlacement.apply(state.connector.api().auth(), state.secret, headers, state.url);
          Promise<HttpClientRequest> sent = Promise.promise();
          sent.future().onSuccess(request -> state.current = request);
          return exchange.send(state.call.request().method(), url, headers, state.body, state.call.request(), sent)
              .compose(answer -> answered(state, permit, answer));
        });
  }

  private Future<Integer> answered(CallState state, ConnectionCeiling.Permit permit, HttpClientResponse answer) {
    int status = answer.statusCode();
    if (status == 429) {
      metrics.provider429(state.connector.id());
    }
    boolean replayable = state.body.replayable();
    if (RetryRules.refreshAndRetry(status, replayable, state.refreshed)) {
      state.refreshed = true;
      return ProviderExchange.discard(answer)
          .compose(v -> forcedVend(state.call))
          .compose(fresh -> {
            state.secret = fresh;
            return attempt(state);
          });
    }
    Duration waitLeft = config.maxThrottleWait().minusNanos(System.nanoTime() - state.started);
    Duration wait = RetryRules.throttledRetryWait(status, answer.getHeader(HttpHeaders.RETRY_AFTER),
        state.call.request().method(), replayable, state.retriedThrottled, waitLeft);
    if (wait != null) {
      state.retriedThrottled = true;
      return ProviderExchange.discard(answer)
          .compose(v -> {
            Promise<Void> waited = Promise.promise();
            vertx.setTimer(Math.max(1, wait.toMillis()), id -> waited.complete());
            return waited.future();
          })
          .compose(v -> attempt(state));
    }
    HttpServerResponse out = state.call.request().response();
    out.setStatusCode(status);
    HeaderPolicy.copyResponseHeaders(answer.headers(), out.headers());
    out.headers().set("X-RateLimit-Limit", Integer.toString(permit.limit()));
    out.headers().set("X-RateLimit-Remaining", Integer.toString(permit.remaining()));
    state.relaying = true;
    return ProviderExchange.relay(answer, out).map(status).otherwise(status);
  }

  /** One forced vend per connection at a time on this instance; the refresh itself is single-flight cluster-wide. */
  private Future<VendedSecret> forcedVend(Call call) {
    Future<VendedSecret> inFlight = forcedVends.get(call.connectionId());
    if (inFlight != null) {
      return inFlight;
    }
    Future<VendedSecret> vend = credentials.vend(call.owner(), call.connectionId(), true, call.requestId());
    forcedVends.put(call.connectionId(), vend);
    vend.onComplete(done -> forcedVends.remove(call.connectionId()));
    return vend;
  }

  private static Long contentLength(HttpServerRequest in) {
    String value = in.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (value == null) {
      return null;
    }
    try {
      return Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      // Vert.x refuses such a request before it is routed; treat it as unsized if one slips through
      return null;
    }
  }

  /** What one call has got to; touched on the call's event loop only. */
  private final class CallState {
    final Call call;
    final Connector connector;
    final long started;
    VendedSecret secret;
    String url;
    RequestBody body;
    HttpClientRequest current;
    boolean refreshed;
    boolean retriedThrottled;
    boolean relaying;
    private long totalTimer = -1;

    CallState(Call call, Connector connector, VendedSecret secret, long started) {
      this.call = call;
      this.connector = connector;
      this.secret = secret;
      this.started = started;
    }

    /** Past proxy.total-timeout the provider's request is cut: a 504 if nothing was answered yet. */
    Future<Void> armTotalTimeout() {
      long leftMs = config.totalTimeout().toMillis() - TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      totalTimer = vertx.setTimer(Math.max(1, leftMs), id -> {
        totalTimer = -1;
        if (current != null) {
          current.reset(0, ProviderExchange.timedOut());
        }
        if (relaying) {
          call.request().response().reset();
        }
      });
      return Future.succeededFuture();
    }

    void finish(int status) {
      if (totalTimer != -1) {
        vertx.cancelTimer(totalTimer);
      }
      metrics.answered(connector.id(), status, Duration.ofNanos(System.nanoTime() - started));
    }
  }
}
