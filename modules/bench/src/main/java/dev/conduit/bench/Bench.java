package dev.conduit.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar modules/bench/target/conduit-bench.jar <benchmark>}. */
@Command(name = "conduit-bench", mixinStandardHelpOptions = true,
    description = "Benchmarks that run Conduit as a separate process and measure it from outside.",
    subcommands = {VendBenchmark.class, RefreshBenchmark.class, WebhookBenchmark.class, ProxyBenchmark.class,
        CommandLine.HelpCommand.class})
public final class Bench {

  public static void main(String[] args) {
    // enum options as written in the README: --split-cpus=server
    System.exit(new CommandLine(new Bench()).setCaseInsensitiveEnumValuesAllowed(true).execute(args));
  }
}
