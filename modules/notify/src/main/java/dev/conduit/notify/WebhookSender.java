package dev.conduit.notify;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.EmptyWebhookSecretException;
import com.standardwebhooks.exceptions.WebhookSigningException;
import dev.conduit.core.lifecycle.RetryAfter;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.StringJoiner;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/**
 * POSTs one signed event to its checked target: Standard Webhooks headers ({@code webhook-id} stable per event,
 * {@code webhook-timestamp} new per attempt, {@code webhook-signature} over {@code id.timestamp.body} with the
 * endpoint's secret, signed by the Standard Webhooks reference library; during a secret rotation's overlap one
 * signature per secret, newest first, space-separated as the specification allows), a timeout, no redirects, and a
 * connection to the address the URL guard checked — with the URL's host for the Host header and TLS.
 */
final class WebhookSender {

  /**
   * What one attempt came to: the receiver's status (null: no answer), and its Retry-After if any;
   * {@code durationMs} is negative when no request was made.
   */
  record Attempt(Integer statusCode, String error, Duration retryAfter, long durationMs) {

    static Attempt notSent(String error) {
      return new Attempt(null, error, null, -1);
    }

    boolean sent() {
      return durationMs >= 0;
    }

    boolean delivered() {
      return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
  }

  /**
   * The client settings deliveries use: the host name is verified against the receiver's certificate (the
   * connection goes to a checked address, so the name is what proves who answers), and connecting has its own
   * timeout, at most five seconds.
   */
  static HttpClientOptions clientOptions(Duration timeout) {
    return new HttpClientOptions()
        .setConnectTimeout((int) Math.min(timeout.toMillis(), 5_000))
        .setVerifyHost(true);
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final Duration timeout;

  WebhookSender(Vertx vertx, HttpClient client, Duration timeout) {
    this.vertx = vertx;
    this.client = client;
    this.timeout = timeout;
  }

  /** Sends with one signature per secret in {@code secrets}, in their order. */
  Future<Attempt> send(UrlGuard.Target target, String webhookId, String payload, List<String> secrets) {
    long started = System.nanoTime();
    long timestamp = Instant.now().getEpochSecond();
    StringJoiner signature = new StringJoiner(" ");
    try {
      for (String secret : secrets) {
        signature.add(new Webhook(secret).sign(webhookId, timestamp, payload));
      }
    } catch (WebhookSigningException | EmptyWebhookSecretException | RuntimeException e) {
      return Future.succeededFuture(Attempt.notSent("the event could not be signed"));
    }
    RequestOptions options = new RequestOptions()
        .setMethod(HttpMethod.POST)
        .setServer(SocketAddress.inetSocketAddress(target.port(), target.address().getHostAddress()))
        .setHost(target.host())
        .setPort(target.port())
        .setSsl(target.tls())
        .setURI(target.pathAndQuery())
        .setFollowRedirects(false)
        // waiting for a pooled connection (or a new one) counts against its own timeout, then the request's
        .setConnectTimeout(timeout.toMillis())
        .setIdleTimeout(timeout.toMillis())
        .putHeader("Content-Type", "application/json")
        .putHeader("User-Agent", "Conduit-Webhooks")
        .putHeader("webhook-id", webhookId)
        .putHeader("webhook-timestamp", Long.toString(timestamp))
        .putHeader("webhook-signature", signature.toString());
    return client.request(options)
        .compose(request -> {
          // The idle timeout alone would let a receiver that trickles bytes hold the delivery for ever; the
          // deadline resets the request once the whole timeout has passed since it got its connection.
          long deadline = vertx.setTimer(timeout.toMillis(),
              id -> request.reset(0, new TimeoutException("the receiver did not answer in time")));
          return request.send(Buffer.buffer(payload))
              .compose(response -> response.end().map(v -> new Attempt(response.statusCode(), null,
                  RetryAfter.parse(response.getHeader("Retry-After"), Instant.now()), elapsedMs(started))))
              .andThen(done -> vertx.cancelTimer(deadline));
        })
        .otherwise(e -> new Attempt(null, "no answer: " + describe(e), null, elapsedMs(started)));
  }

  /** What went wrong, in words an owner can act on (no exception class names, no addresses). */
  static String describe(Throwable failure) {
    for (Throwable e = failure; e != null; e = e.getCause()) {
      if (e instanceof ConnectException) {
        return "the connection was refused";
      }
      if (e instanceof TimeoutException || e instanceof io.netty.handler.timeout.TimeoutException
          || e instanceof SocketTimeoutException) {
        return "timed out";
      }
      if (e instanceof SSLException) {
        return "the TLS handshake failed";
      }
      if (e instanceof HttpClosedException || e instanceof IOException) {
        return "the connection was closed before an answer";
      }
    }
    return "the request failed";
  }

  private static long elapsedMs(long started) {
    return (System.nanoTime() - started) / 1_000_000;
  }
}
