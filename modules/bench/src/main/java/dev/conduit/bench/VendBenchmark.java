package dev.conduit.bench;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Warm vend throughput and latency next to a bare route of the same server, in the same run: the server jar
 * runs as its own process (with the heap limit an operator would give it), this process is the client.
 */
@Command(name = "vend", mixinStandardHelpOptions = true,
    description = "Warm-vend throughput, latency percentiles, CPU per request and RSS, beside a bare route.")
final class VendBenchmark implements Callable<Integer> {

  @Mixin
  ServerOptions serverOptions = new ServerOptions();

  @Mixin
  LoadOptions loadOptions = new LoadOptions();

  private static final String BARE_PATH = "/api/connectors/stripe";

  @Option(names = "--owners", defaultValue = "10", description = "Owners (tenants).")
  int owners;

  @Option(names = "--per-owner", defaultValue = "100", description = "Connections per owner.")
  int perOwner;

  @Option(names = "--hold", defaultValue = "0",
      description = "After the report, keep vend load running this many seconds (to attach a profiler).")
  int holdSeconds;

  @Option(names = "--client-threads", defaultValue = "1", description = "Event loops of the load generator.")
  int clientThreads;

  @Option(names = "--auth", defaultValue = "jwt", converter = VendAuth.Converter.class,
      description = "How the vend authenticates: jwt, api-key (a platform key with credentials:vend per owner), or"
          + " both (each measured in the same rounds, to compare them).")
  VendAuth auth;

  @Option(names = "--versus-env",
      description = "Start a second server with this environment on top (KEY=VALUE, repeatable; e.g."
          + " CONDUIT_AUDIT_ENABLED=false) and give its vend a turn in every round beside the first's: an A/B"
          + " comparison in one run, on the same machine at the same time.")
  Map<String, String> versusEnvironment = new java.util.LinkedHashMap<>();

  /** How vend requests authenticate; with {@link #BOTH}, the two take turns in every round. */
  enum VendAuth {
    JWT, API_KEY, BOTH;

    static final class Converter implements picocli.CommandLine.ITypeConverter<VendAuth> {
      @Override
      public VendAuth convert(String value) {
        return switch (value) {
          case "jwt" -> JWT;
          case "api-key" -> API_KEY;
          case "both" -> BOTH;
          default -> throw new picocli.CommandLine.TypeConversionException("expected jwt, api-key or both");
        };
      }
    }
  }

  @Override
  public Integer call() throws Exception {
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_AUTH_HS256_SECRET", BenchApi.SECRET);
    if (!versusEnvironment.isEmpty()) {
      return versus(environment);
    }
    try (ServerProcess server = serverOptions.start(environment)) {
      List<String> jwts = tokens();
      List<List<String>> connectionIds = seed(server, jwts);
      List<String> apiKeys = auth == VendAuth.JWT ? List.of() : apiKeys(server, jwts);
      List<String> tokens = auth == VendAuth.API_KEY ? apiKeys : jwts;
      System.out.printf("server pid %d on port %d; %d owners x %d oauth2 connections seeded; vend with %s%n",
          server.pid(), server.port, owners, perOwner, auth);

      RssSampler rss = new RssSampler(server.pid());
      try (LoadGenerator load = new LoadGenerator(server.port, loadOptions.connections, clientThreads)) {
        load.run(Duration.ofSeconds(loadOptions.warmupSeconds), worker -> worker % 2 == 0 ? bare()
            : vend(auth == VendAuth.BOTH && worker % 4 == 3 ? apiKeys : tokens, connectionIds, worker));
        // the routes take turns, so drift (JIT, GC, the machine) falls on both alike
        Phase bare = null;
        Phase vend = null;
        Phase keyVend = null;
        for (int round = 0; round < loadOptions.rounds; round++) {
          int turn = loadOptions.secondsPerRound();
          bare = Phase.sum(bare, measure(server, load, turn, worker -> bare()));
          vend = Phase.sum(vend, measure(server, load, turn, worker -> vend(tokens, connectionIds, worker)));
          if (auth == VendAuth.BOTH) {
            keyVend = Phase.sum(keyVend, measure(server, load, turn,
                worker -> vend(apiKeys, connectionIds, worker)));
          }
        }
        report(bare, vend, keyVend, rss.peak());
        if (holdSeconds > 0) {
          System.out.printf("holding vend load for %d s (server pid %d) for outside observation%n", holdSeconds,
              server.pid());
          measure(server, load, holdSeconds, worker -> vend(tokens, connectionIds, worker));
        }
      } finally {
        rss.stop();
      }
    }
    return 0;
  }

  /**
   * Two servers side by side, the second with {@link #versusEnvironment} on top; their vends take turns in every
   * round (in alternating order), so both see the same machine.
   */
  private Integer versus(Map<String, String> environment) throws Exception {
    String versusName = versusEnvironment.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
        .collect(java.util.stream.Collectors.joining(" "));
    try (ServerProcess a = serverOptions.start(environment);
        ServerProcess b = serverOptions.start(environment, versusEnvironment)) {
      List<String> jwts = tokens();
      List<List<String>> idsA = seed(a, jwts);
      List<List<String>> idsB = seed(b, jwts);
      System.out.printf("server A pid %d, server B pid %d (%s); %d owners x %d oauth2 connections each%n", a.pid(),
          b.pid(), versusName, owners, perOwner);
      try (LoadGenerator loadA = new LoadGenerator(a.port, loadOptions.connections, clientThreads);
          LoadGenerator loadB = new LoadGenerator(b.port, loadOptions.connections, clientThreads)) {
        Duration warmup = Duration.ofSeconds(loadOptions.warmupSeconds / 2);
        loadA.run(warmup, worker -> vend(jwts, idsA, worker));
        loadB.run(warmup, worker -> vend(jwts, idsB, worker));
        loadA.run(warmup, worker -> vend(jwts, idsA, worker));
        loadB.run(warmup, worker -> vend(jwts, idsB, worker));
        Phase vendA = null;
        Phase vendB = null;
        for (int round = 0; round < loadOptions.rounds; round++) {
          int turn = loadOptions.secondsPerRound();
          if (round % 2 == 0) {
            vendA = Phase.sum(vendA, measure(a, loadA, turn, worker -> vend(jwts, idsA, worker)));
            vendB = Phase.sum(vendB, measure(b, loadB, turn, worker -> vend(jwts, idsB, worker)));
          } else {
            vendB = Phase.sum(vendB, measure(b, loadB, turn, worker -> vend(jwts, idsB, worker)));
            vendA = Phase.sum(vendA, measure(a, loadA, turn, worker -> vend(jwts, idsA, worker)));
          }
        }
        System.out.println();
        header();
        row("vend  A (as configured)", vendA);
        row("vend  B (" + versusName + ")", vendB);
        System.out.printf("%nvend throughput A = %.1f%% of B%n",
            100 * vendA.result().throughput() / vendB.result().throughput());
      }
    }
    return 0;
  }

  private record Phase(LoadGenerator.Result result, double serverCpu, double postgresCpu) {

    static Phase sum(Phase total, Phase more) {
      if (total == null) {
        return more;
      }
      org.HdrHistogram.Histogram latency = total.result().latency().copy();
      latency.add(more.result().latency());
      return new Phase(new LoadGenerator.Result(total.result().requests() + more.result().requests(),
          total.result().errors() + more.result().errors(), total.result().seconds() + more.result().seconds(),
          latency), total.serverCpu() + more.serverCpu(), total.postgresCpu() + more.postgresCpu());
    }
  }

  private Phase measure(ServerProcess server, LoadGenerator load, int phaseSeconds,
      java.util.function.IntFunction<LoadGenerator.Call> calls) throws InterruptedException {
    List<Long> postgres = server.postgresPids();
    double serverBefore = ProcessStats.cpuSeconds(List.of(server.pid()));
    double postgresBefore = ProcessStats.cpuSeconds(postgres);
    LoadGenerator.Result result = load.run(Duration.ofSeconds(phaseSeconds), calls);
    return new Phase(result, ProcessStats.cpuSeconds(List.of(server.pid())) - serverBefore,
        ProcessStats.cpuSeconds(server.postgresPids()) - postgresBefore);
  }

  private static LoadGenerator.Call bare() {
    return new LoadGenerator.Call(HttpMethod.GET, BARE_PATH, List.of());
  }

  private LoadGenerator.Call vend(List<String> tokens, List<List<String>> ids, int worker) {
    int owner = worker % owners;
    List<String> mine = ids.get(owner);
    String id = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
    return new LoadGenerator.Call(HttpMethod.POST, "/api/connections/" + id + "/vend",
        List.<String[]>of(new String[] {"Authorization", "Bearer " + tokens.get(owner)}));
  }

  /** @param keyVend the vend with API keys beside the JWT one ({@code --auth=both}), or null */
  private void report(Phase bare, Phase vend, Phase keyVend, double peakRss) {
    System.out.println();
    header();
    row("bare  GET " + BARE_PATH, bare);
    String vendName = "vend  POST /api/connections/{id}/vend";
    row(keyVend == null ? vendName + (auth == VendAuth.API_KEY ? " (API key)" : "") : vendName + " (JWT)", vend);
    if (keyVend != null) {
      row(vendName + " (API key)", keyVend);
    }
    System.out.printf("%nvend throughput = %.0f%% of the bare route; server peak RSS %.0f MiB with -Xmx%s%n",
        100 * vend.result().throughput() / bare.result().throughput(), peakRss, serverOptions.heap);
    if (keyVend != null) {
      System.out.printf("vend with an API key = %.0f%% of vend with a JWT (requests/s); p99 %.2f vs %.2f ms%n",
          100 * keyVend.result().throughput() / vend.result().throughput(),
          keyVend.result().latency().getValueAtPercentile(99) / 1000.0,
          vend.result().latency().getValueAtPercentile(99) / 1000.0);
    }
  }

  private void header() {
    System.out.printf("%-48s %12s %8s %8s %8s %8s %8s %7s %12s %12s%n", "route (" + loadOptions.connections + " connections)",
        "requests/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors", "server µs/req", "pg µs/req");
  }

  private static void row(String name, Phase phase) {
    LoadGenerator.Result r = phase.result();
    Histogram h = r.latency();
    System.out.printf("%-48s %12.0f %8.2f %8.2f %8.2f %8.2f %8.2f %7d %12.1f %12.1f%n", name, r.throughput(),
        h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
        h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0, r.errors(),
        phase.serverCpu() * 1e6 / r.requests(), phase.postgresCpu() * 1e6 / r.requests());
  }

  private List<String> tokens() {
    return BenchApi.tokens(java.util.stream.IntStream.range(0, owners).mapToObj(i -> "owner-" + i).toList());
  }

  /** One API key per owner, holding only credentials:vend, made with the owner's JWT. */
  private static List<String> apiKeys(ServerProcess server, List<String> jwts) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<String> keys = new ArrayList<>();
    for (String jwt : jwts) {
      JsonObject created = new JsonObject(BenchApi.send(client, server, "POST", "/api/api-keys", jwt,
          "{\"data\":{\"type\":\"api-keys\",\"attributes\":{\"name\":\"bench\",\"scopes\":[\"credentials:vend\"]}}}"));
      keys.add(created.getJsonObject("data").getJsonObject("attributes").getString("key"));
    }
    return keys;
  }

  private List<List<String>> seed(ServerProcess server, List<String> tokens) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    List<List<String>> ids = new ArrayList<>();
    for (int owner = 0; owner < owners; owner++) {
      List<String> mine = new ArrayList<>();
      for (int i = 0; i < perOwner; i++) {
        JsonObject created = new JsonObject(BenchApi.send(client, server, "POST", "/api/connections", tokens.get(owner),
            "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"github\"}}}"));
        String id = created.getJsonObject("data").getString("id");
        BenchApi.send(client, server, "PUT", "/api/connections/" + id + "/credential", tokens.get(owner),
            "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"oauth2\",\"accessToken\":\"gho_bench_"
                + owner + "_" + i + "\",\"refreshToken\":\"ghr_bench\",\"expiresIn\":86400,\"scopes\":[\"repo\"]}}}");
        mine.add(id);
      }
      ids.add(mine);
    }
    return ids;
  }

  /** Samples the server's resident memory every 100 ms and keeps the peak. */
  private static final class RssSampler {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicReference<Double> peak = new AtomicReference<>(0.0);

    RssSampler(long pid) {
      timer.scheduleAtFixedRate(() -> peak.accumulateAndGet(ProcessStats.rssMiB(pid), Math::max), 0, 100,
          TimeUnit.MILLISECONDS);
    }

    double peak() {
      return peak.get();
    }

    void stop() {
      timer.shutdownNow();
    }
  }
}
