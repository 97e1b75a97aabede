package dev.conduit.bench;

import picocli.CommandLine.Option;

/**
 * How the benchmarks that compare two routes drive them: connections, warm-up, and the measured time split into
 * rounds the routes take in turn (so drift in the machine falls on both).
 */
final class LoadOptions {

  @Option(names = "--connections", defaultValue = "64", description = "Concurrent HTTP connections.")
  int connections;

  @Option(names = "--duration", defaultValue = "30", description = "Seconds measured per route.")
  int seconds;

  @Option(names = "--rounds", defaultValue = "3", description = "Turns each route takes within --duration.")
  int rounds;

  @Option(names = "--warmup", defaultValue = "60",
      description = "Seconds of warm-up, both routes (the JIT needs it on 2 cores).")
  int warmupSeconds;

  /** Seconds of one route's turn in one round. */
  int secondsPerRound() {
    return seconds / rounds;
  }
}
