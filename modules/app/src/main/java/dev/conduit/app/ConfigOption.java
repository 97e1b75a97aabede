package dev.conduit.app;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares, and the loading it implies. */
final class ConfigOption {

  @Option(names = "--config", paramLabel = "FILE",
      description = "A YAML file merged over the defaults (also CONDUIT_CONFIG). Environment variables win over both.")
  Path file;

  ConfigLoader.Loaded load() {
    Map<String, String> environment = System.getenv();
    Path chosen = file != null ? file
        : environment.containsKey("CONDUIT_CONFIG") ? Path.of(environment.get("CONDUIT_CONFIG")) : null;
    return ConfigLoader.load(chosen, environment);
  }
}
