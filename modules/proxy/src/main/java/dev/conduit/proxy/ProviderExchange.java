package dev.conduit.proxy;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * One attempt at the provider, and the streaming of its answer back. Bodies are piped with back-pressure both
 * ways (the caller's upload waits while the provider's socket is full, the provider's download while the
 * caller's is), so a call of any size runs in the memory of a few buffers.
 */
final class ProviderExchange {

  private final HttpClient client;
  private final long connectTimeoutMs;
  private final long idleTimeoutMs;
  private final long maxBody;

  ProviderExchange(HttpClient client, long connectTimeoutMs, long idleTimeoutMs, long maxBody) {
    this.client = client;
    this.connectTimeoutMs = connectTimeoutMs;
    this.idleTimeoutMs = idleTimeoutMs;
    this.maxBody = maxBody;
  }

  /**
   * Sends the request and completes with the provider's answer head (its body not yet read). Fails with
   * {@code provider_unreachable}, {@code provider_timeout} or, for a streamed body over the limit,
   * {@code payload_too_large}. {@code sent} learns the request as soon as it exists, so that a total timeout can
   * cut it.
   */
  Future<HttpClientResponse> send(HttpMethod method, String url, MultiMap headers, RequestBody body,
      HttpServerRequest in, Promise<HttpClientRequest> sent) {
    RequestOptions options = new RequestOptions().setMethod(method).setAbsoluteURI(url).setHeaders(headers)
        .setFollowRedirects(false).setConnectTimeout(connectTimeoutMs);
    if (!(body instanceof RequestBody.Streamed)) {
      options.setIdleTimeout(idleTimeoutMs);
    }
    return client.request(options).recover(failure -> Future.failedFuture(providerFailure(failure)))
        .compose(request -> {
          sent.tryComplete(request);
          Future<HttpClientResponse> answer;
          if (body instanceof RequestBody.Kept kept) {
            answer = request.send(kept.bytes());
          } else if (body instanceof RequestBody.Streamed streamed) {
            answer = stream(in, request, streamed);
          } else {
            answer = request.send();
          }
          return answer.recover(failure -> Future.failedFuture(failure instanceof ConduitException
              ? failure : providerFailure(failure)));
        });
  }

  /** Pipes the caller's body to the provider, counting it against the limit as it arrives. */
  private Future<HttpClientResponse> stream(HttpServerRequest in, HttpClientRequest out, RequestBody.Streamed body) {
    Promise<HttpClientResponse> answer = Promise.promise();
    if (body.contentLength() == null) {
      out.setChunked(true);
    }
    long[] received = {0};
    in.handler(chunk -> {
      received[0] += chunk.length();
      if (received[0] > maxBody) {
        in.handler(null);
        in.endHandler(null);
        answer.tryFail(tooLarge(maxBody));
        out.reset();
        return;
      }
      out.write(chunk);
      if (out.writeQueueFull()) {
        in.pause();
        out.drainHandler(v -> in.resume());
      }
    });
    // Vert.x's idle timeout counts only what the provider sends, and it sends nothing while an upload runs: it
    // starts once the body is through (until then http.body-timeout and proxy.total-timeout bound the call)
    in.endHandler(v -> {
      out.end();
      out.idleTimeout(idleTimeoutMs);
    });
    in.exceptionHandler(callerGone -> {
      answer.tryFail(callerGone);
      out.reset();
    });
    out.response().onComplete(answer);
    if (in.headers().contains(HttpHeaders.EXPECT, HttpHeaders.CONTINUE, true)) {
      in.response().writeContinue();
    }
    in.resume();
    return answer.future();
  }

  /**
   * Streams the provider's answer to the caller; the status and headers must be set already. A provider that
   * breaks off mid-body gets the caller's connection reset, never a body that merely looks complete.
   */
  static Future<Void> relay(HttpClientResponse from, HttpServerResponse to) {
    if (!to.headers().contains(HttpHeaders.CONTENT_LENGTH) && from.statusCode() != 204 && from.statusCode() != 304) {
      to.setChunked(true);
    }
    return from.pipe().endOnFailure(false).to(to).onFailure(broken -> {
      to.reset();
      from.request().reset();
    });
  }

  /** Reads and drops an answer that is not passed back, so its connection can serve the retry. */
  static Future<Void> discard(HttpClientResponse answer) {
    answer.handler(ignored -> { });
    return answer.end().otherwiseEmpty();
  }

  static ConduitException tooLarge(long maxBody) {
    return new ConduitException(ErrorCode.PAYLOAD_TOO_LARGE,
        "the request body is larger than proxy.max-body (" + maxBody + " bytes)");
  }

  static ConduitException timedOut() {
    return new ConduitException(ErrorCode.PROVIDER_TIMEOUT, "the provider's API did not answer in time");
  }

  /** The provider's failure as the caller is told it: which kind, never the exception's own text. */
  static ConduitException providerFailure(Throwable failure) {
    if (failure instanceof ConduitException known) {
      return known;
    }
    if (failure instanceof TimeoutException && !(failure instanceof ConnectException)) {
      return timedOut();
    }
    return new ConduitException(ErrorCode.PROVIDER_UNREACHABLE,
        "the provider's API could not be reached or closed the connection");
  }
}
