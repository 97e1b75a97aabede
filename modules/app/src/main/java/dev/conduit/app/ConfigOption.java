package dev.conduit.app;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares, and the loading it implies. */
final class ConfigOption {

  @Option(names = "--config", paramLabel = "FILE",
      description = "A YAML file merged over the defaults (also CONDUIT_CONFIG). Environment variables win over both.")
  Path file;

  ConfigLoader.Loaded load() {
    return ConfigLoader.load(chosenFile(), System.getenv());
  }

  /** The file given with --config, else the one CONDUIT_CONFIG names; null when neither. */
  Path chosenFile() {
    String fromEnvironment = System.getenv("CONDUIT_CONFIG");
    return file != null ? file : fromEnvironment != null ? Path.of(fromEnvironment) : null;
  }
}
