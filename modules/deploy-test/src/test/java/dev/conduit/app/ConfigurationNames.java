package dev.conduit.app;

import dev.conduit.core.config.ConduitConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The configuration loader's own rules, seen from the deployment tests: the environment name of a key (package
 * private in the loader, hence this class in its package), and a load of an override file as the server does it.
 */
public final class ConfigurationNames {

  private ConfigurationNames() {
  }

  /** {@code CONDUIT_} + the key path in upper snake case, exactly as the server maps it. */
  public static String environmentName(String key) {
    return ConfigLoader.environmentName(key);
  }

  /** Loads the shipped defaults with {@code overrideFile} merged over them and {@code environment} over both. */
  public static ConduitConfig load(Path overrideFile, Map<String, String> environment) {
    return ConfigLoader.load(overrideFile, environment).config();
  }

  /** What the loader noticed, e.g. a CONDUIT_ variable that names no key. */
  public static List<String> warnings(Path overrideFile, Map<String, String> environment) {
    return ConfigLoader.load(overrideFile, environment).warnings();
  }
}
