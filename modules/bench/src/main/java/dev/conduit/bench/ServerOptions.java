package dev.conduit.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Option;

/** How every benchmark starts its server: which jar, what heap, extra JVM options and environment. */
final class ServerOptions {

  @Option(names = "--jar", defaultValue = "modules/app/target/conduit.jar", description = "The server jar.")
  Path jar;

  @Option(names = "--heap", defaultValue = "192m", description = "The server's -Xmx. Default: ${DEFAULT-VALUE}.")
  String heap;

  @Option(names = "--server-jvm-option", description = "Extra JVM options for the server (e.g. for a profiler).")
  List<String> jvmOptions = new ArrayList<>();

  @Option(names = "--server-env",
      description = "Extra environment for the server, KEY=VALUE (e.g. CONDUIT_HTTP_INSTANCES=1); wins over the benchmark's.")
  Map<String, String> environment = new HashMap<>();

  @Option(names = "--split-cpus", arity = "0..1", fallbackValue = "server", description = "Give one party a CPU of its"
      + " own (the last): server (default when given without a value: its PostgreSQL and the load generator share the"
      + " others) or database (the server and the load generator share the others), as when that party runs on a"
      + " machine of its own (needs taskset).")
  CpuSplit split;

  /** Starts the server with the benchmark's {@code environment} and the user's additions over it. */
  ServerProcess start(Map<String, String> benchmarkEnvironment) throws Exception {
    return start(benchmarkEnvironment, Map.of());
  }

  /** As {@link #start(Map)}, with {@code onTop} over both (the other side of an A/B comparison). */
  ServerProcess start(Map<String, String> benchmarkEnvironment, Map<String, String> onTop) throws Exception {
    Map<String, String> merged = new HashMap<>(benchmarkEnvironment);
    merged.putAll(environment);
    merged.putAll(onTop);
    ServerProcess server = ServerProcess.start(jar, heap, jvmOptions, merged);
    if (split != null) {
      split.apply(server);
    }
    return server;
  }

  /**
   * A connectors directory with one OAuth connector, {@code benchco}, whose endpoints are a fake provider on
   * loopback at {@code providerPort} and which has no rate limit worth the name.
   */
  static Path benchConnector(int providerPort) throws java.io.IOException {
    Path connectors = java.nio.file.Files.createTempDirectory("bench-connectors");
    java.nio.file.Files.writeString(connectors.resolve("benchco.yaml"), """
        id: benchco
        name: Bench Co
        authType: oauth2
        docsUrl: https://docs.example.com
        oauth:
          authorizeUrl: http://127.0.0.1:%1$d/authorize
          tokenUrl: http://127.0.0.1:%1$d/token
          clientAuth: client_secret_post
        rateLimit: {limit: 1000000, periodSeconds: 1, source: "https://docs.example.com", published: false,
                    note: "benchmark: no limit"}
        """.formatted(providerPort));
    return connectors;
  }

  /** The environment that gives the server {@link #benchConnector} and its client credentials. */
  static Map<String, String> benchConnectorEnvironment(int providerPort) throws java.io.IOException {
    return Map.of(
        "CONDUIT_AUTH_HS256_SECRET", BenchApi.SECRET,
        "CONDUIT_CONNECTORS_DIR", benchConnector(providerPort).toString(),
        "CONDUIT_CONNECTOR_BENCHCO_CLIENT_ID", "bench",
        "CONDUIT_CONNECTOR_BENCHCO_CLIENT_SECRET", "bench-secret");
  }
}
