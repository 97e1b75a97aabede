package dev.conduit.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP load: {@code connections} keep-alive connections, each sending its next request as soon
 * as the previous answer arrives, for a fixed time. Latency is recorded per request in an HdrHistogram.
 * Closed-loop load cannot show queueing delay beyond what the connections experience (coordinated omission);
 * the numbers are service latency at that concurrency.
 */
final class LoadGenerator implements AutoCloseable {

  /** What one request is: method, path and headers, chosen per request by the caller. */
  record Call(HttpMethod method, String path, List<String[]> headers) {
  }

  record Result(long requests, long errors, double seconds, Histogram latency) {
    double throughput() {
      return requests / seconds;
    }
  }

  private final Vertx vertx;
  private final HttpClient client;
  private final int connections;

  LoadGenerator(int port, int connections, int eventLoops) {
    this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(eventLoops));
    this.connections = connections;
    this.client = vertx.createHttpClient(new HttpClientOptions()
            .setDefaultHost("127.0.0.1")
            .setDefaultPort(port)
            .setKeepAlive(true)
            .setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(connections));
  }

  Result run(Duration duration, IntFunction<Call> calls) throws InterruptedException {
    Recorder recorder = new Recorder(3);
    AtomicLong requests = new AtomicLong();
    AtomicLong errors = new AtomicLong();
    long end = System.nanoTime() + duration.toNanos();
    CountDownLatch done = new CountDownLatch(connections);
    long started = System.nanoTime();
    for (int i = 0; i < connections; i++) {
      int worker = i;
      vertx.runOnContext(v -> loop(worker, calls, end, recorder, requests, errors, done));
    }
    done.await(duration.toSeconds() + 30, TimeUnit.SECONDS);
    double seconds = (System.nanoTime() - started) / 1e9;
    return new Result(requests.get(), errors.get(), seconds, recorder.getIntervalHistogram());
  }

  private void loop(int worker, IntFunction<Call> calls, long end, Recorder recorder, AtomicLong requests,
      AtomicLong errors, CountDownLatch done) {
    if (System.nanoTime() >= end) {
      done.countDown();
      return;
    }
    Call call = calls.apply(worker);
    RequestOptions options = new RequestOptions().setMethod(call.method()).setURI(call.path());
    call.headers().forEach(h -> options.addHeader(h[0], h[1]));
    long sent = System.nanoTime();
    client.request(options)
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() < 400 ? null
            : "status " + response.statusCode() + " " + body.getString(0, Math.min(body.length(), 300))))
        .onComplete(result -> {
          recorder.recordValue(Math.max(1, (System.nanoTime() - sent) / 1_000));
          if (result.failed() || result.result() != null) {
            if (errors.getAndIncrement() == 0) {
              // the first error of a run says what kind they are (the answer's error document); the count, how many
              System.err.println("first error of this run: " + (result.failed()
                  ? result.cause().getClass().getSimpleName() + ": " + result.cause().getMessage()
                  : result.result()));
            }
          }
          requests.incrementAndGet();
          loop(worker, calls, end, recorder, requests, errors, done);
        });
  }

  @Override
  public void close() {
    vertx.close();
  }
}
