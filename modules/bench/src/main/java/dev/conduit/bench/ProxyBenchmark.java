package dev.conduit.bench;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The provider API proxy against calling the same loopback provider directly, in one run: the provider is a
 * Vert.x server in this process answering a small JSON body; Conduit runs as its own process. Then one 200 MB
 * download through the proxy, with the server's resident memory sampled meanwhile.
 */
@Command(name = "proxy", mixinStandardHelpOptions = true,
    description = "Proxy throughput and latency beside direct calls to the same provider; RSS during a 200 MB download.")
final class ProxyBenchmark implements Callable<Integer> {

  private static final long DOWNLOAD_BYTES = 200L * 1024 * 1024;
  private static final Buffer SMALL_ANSWER = Buffer.buffer("{\"login\":\"octocat\",\"id\":1}");

  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Mixin
  LoadOptions loadOptions = new LoadOptions();

  @Option(names = "--latency-duration", defaultValue = "20",
      description = "Seconds measured per route with one connection, for the latency the proxy adds.")
  int latencySeconds;

  @Override
  public Integer call() throws Exception {
    Vertx providerVertx = Vertx.vertx();
    HttpServer provider = providerVertx.createHttpServer().requestHandler(request -> {
      if (request.path().startsWith("/download")) {
        request.response().setChunked(true).putHeader("Content-Type", "application/octet-stream");
        stream(request.response(), DOWNLOAD_BYTES);
      } else {
        request.response().putHeader("Content-Type", "application/json").end(SMALL_ANSWER);
      }
    }).listen(0, "127.0.0.1").await();
    int providerPort = provider.actualPort();
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_AUTH_HS256_SECRET", BenchApi.SECRET);
    environment.put("CONDUIT_CONNECTORS_DIR", connectors(providerPort).toString());
    try (ServerProcess server = serverOptions.start(environment)) {
      String token = BenchApi.tokens(List.of("owner-0")).get(0);
      HttpClient client = HttpClient.newHttpClient();
      String id = new JsonObject(BenchApi.send(client, server, "POST", "/api/connections", token,
          "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"benchapi\"}}}"))
          .getJsonObject("data").getString("id");
      BenchApi.send(client, server, "PUT", "/api/connections/" + id + "/credential", token,
          "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"api_key\",\"apiKey\":\"bench-key\"}}}");
      String proxyPath = "/api/connections/" + id + "/proxy/user";
      LoadGenerator.Call proxied = new LoadGenerator.Call(HttpMethod.GET, proxyPath,
          List.<String[]>of(new String[] {"Authorization", "Bearer " + token}));
      LoadGenerator.Call direct = new LoadGenerator.Call(HttpMethod.GET, "/user", List.of());
      try (LoadGenerator viaConduit = new LoadGenerator(server.port, loadOptions.connections, 1);
          LoadGenerator toProvider = new LoadGenerator(providerPort, loadOptions.connections, 1)) {
        toProvider.run(Duration.ofSeconds(loadOptions.warmupSeconds / 2), worker -> direct);
        viaConduit.run(Duration.ofSeconds(loadOptions.warmupSeconds), worker -> proxied);
        LoadGenerator.Result directTotal = null;
        LoadGenerator.Result proxyTotal = null;
        for (int round = 0; round < loadOptions.rounds; round++) {
          Duration turn = Duration.ofSeconds(loadOptions.secondsPerRound());
          directTotal = sum(directTotal, toProvider.run(turn, worker -> direct));
          proxyTotal = sum(proxyTotal, viaConduit.run(turn, worker -> proxied));
        }
        report(directTotal, proxyTotal);
      }
      latencyAtOneConnection(server.port, providerPort, proxied, direct);
      download(server, token, id);
    } finally {
      providerVertx.close().await();
    }
    return 0;
  }

  /** Writes {@code left} bytes in 64 KiB chunks, each after the last was taken by the socket. */
  private static void stream(io.vertx.core.http.HttpServerResponse response, long left) {
    if (left <= 0) {
      response.end();
      return;
    }
    int size = (int) Math.min(65_536, left);
    response.write(Buffer.buffer(new byte[size])).onComplete(done -> {
      if (done.succeeded()) {
        stream(response, left - size);
      }
    });
  }

  private static Path connectors(int providerPort) throws java.io.IOException {
    Path dir = Files.createTempDirectory("bench-proxy-connectors");
    // deleted at exit in the reverse order of these calls: the file, then its directory
    dir.toFile().deleteOnExit();
    dir.resolve("benchapi.yaml").toFile().deleteOnExit();
    Files.writeString(dir.resolve("benchapi.yaml"), """
        id: benchapi
        name: Bench API
        authType: api_key
        docsUrl: https://docs.example.com
        api:
          baseUrl: http://127.0.0.1:%d
          auth: header:X-Api-Key
        rateLimit: {limit: 2000000000, periodSeconds: 1, source: "https://docs.example.com", published: false,
                    note: "benchmark: no limit"}
        """.formatted(providerPort));
    return dir;
  }

  private static LoadGenerator.Result sum(LoadGenerator.Result total, LoadGenerator.Result more) {
    if (total == null) {
      return more;
    }
    Histogram latency = total.latency().copy();
    latency.add(more.latency());
    return new LoadGenerator.Result(total.requests() + more.requests(), total.errors() + more.errors(),
        total.seconds() + more.seconds(), latency);
  }

  private void report(LoadGenerator.Result direct, LoadGenerator.Result proxy) {
    System.out.println();
    System.out.printf("%-40s %12s %8s %8s %8s %8s %7s%n", "route (" + loadOptions.connections + " connections)",
        "requests/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "errors");
    row("direct   GET provider /user", direct);
    row("proxied  GET .../proxy/user", proxy);
    double p50Overhead = (proxy.latency().getValueAtPercentile(50) - direct.latency().getValueAtPercentile(50)) / 1000.0;
    System.out.printf("%nproxy throughput = %.0f%% of direct; p50 difference under this load %.2f ms%n",
        100 * proxy.throughput() / direct.throughput(), p50Overhead);
  }

  /**
   * What the proxy adds to one call: one connection each, calls back to back, so the latency is the path's and not
   * the queue's (under the full load above, a call's latency is mostly its wait behind the others').
   */
  private void latencyAtOneConnection(int serverPort, int providerPort, LoadGenerator.Call proxied,
      LoadGenerator.Call direct) throws Exception {
    try (LoadGenerator viaConduit = new LoadGenerator(serverPort, 1, 1);
        LoadGenerator toProvider = new LoadGenerator(providerPort, 1, 1)) {
      Duration warmup = Duration.ofSeconds(Math.max(1, latencySeconds / 2));
      toProvider.run(warmup, worker -> direct);
      viaConduit.run(warmup, worker -> proxied);
      LoadGenerator.Result directTotal = null;
      LoadGenerator.Result proxyTotal = null;
      for (int round = 0; round < 2; round++) {
        Duration turn = Duration.ofSeconds(Math.max(1, latencySeconds / 2));
        directTotal = sum(directTotal, toProvider.run(turn, worker -> direct));
        proxyTotal = sum(proxyTotal, viaConduit.run(turn, worker -> proxied));
      }
      System.out.println();
      System.out.printf("%-40s %12s %8s %8s %8s %8s %7s%n", "route (1 connection, calls back to back)",
          "requests/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "errors");
      row("direct   GET provider /user", directTotal);
      row("proxied  GET .../proxy/user", proxyTotal);
      System.out.printf("%nproxy p50 overhead at one connection: %.3f ms (p90 %.3f ms)%n",
          overheadMs(proxyTotal, directTotal, 50), overheadMs(proxyTotal, directTotal, 90));
    }
  }

  private static double overheadMs(LoadGenerator.Result proxy, LoadGenerator.Result direct, double percentile) {
    return (proxy.latency().getValueAtPercentile(percentile) - direct.latency().getValueAtPercentile(percentile))
        / 1000.0;
  }

  private static void row(String name, LoadGenerator.Result r) {
    Histogram h = r.latency();
    System.out.printf("%-40s %12.0f %8.2f %8.2f %8.2f %8.2f %7d%n", name, r.throughput(),
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0, r.errors());
  }

  /** One 200 MB download through the proxy, read as it comes, with the server's RSS sampled every 100 ms. */
  private void download(ServerProcess server, String token, String id) throws Exception {
    double before = ProcessStats.rssMiB(server.pid());
    double[] peak = {before};
    Thread sampler = new Thread(() -> {
      while (!Thread.currentThread().isInterrupted()) {
        peak[0] = Math.max(peak[0], ProcessStats.rssMiB(server.pid()));
        try {
          Thread.sleep(100);
        } catch (InterruptedException e) {
          return;
        }
      }
    });
    sampler.start();
    long started = System.nanoTime();
    HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.port + "/api/connections/" + id + "/proxy/download"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofInputStream());
    long received = 0;
    byte[] chunk = new byte[65_536];
    try (InputStream body = answer.body()) {
      for (int n; (n = body.read(chunk)) > 0; ) {
        received += n;
      }
    }
    double took = (System.nanoTime() - started) / 1e9;
    sampler.interrupt();
    sampler.join();
    System.out.printf("%n200 MB download through the proxy: %d bytes, status %d, %.1f s (%.0f MB/s); server RSS %.0f MiB"
            + " before, peak %.0f MiB during, with -Xmx%s%n", received, answer.statusCode(), took,
        received / 1e6 / took, before, peak[0], serverOptions.heap);
  }
}
