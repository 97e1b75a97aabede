package dev.conduit.deploy;

import dev.conduit.app.ConfigurationNames;
import dev.conduit.core.catalog.CatalogLoader;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * The environment variables Conduit reads: one per key of config/conduit.yaml, named by the configuration loader's
 * own rule, one client id and secret per connector of the built-in catalog, and the few that are not keys.
 */
final class EnvironmentNames {

  /** Read by the JVM or by Conduit outside the configuration keys (ConfigLoader's OTHER_ENV, the java launcher). */
  static final Set<String> NOT_KEYS = Set.of("CONDUIT_CONFIG", "CONDUIT_LOG_LEVEL", "JDK_JAVA_OPTIONS");

  private final Map<String, String> keysByName;
  private final Set<String> connectorClientNames;

  private EnvironmentNames(Map<String, String> keysByName, Set<String> connectorClientNames) {
    this.keysByName = keysByName;
    this.connectorClientNames = connectorClientNames;
  }

  static EnvironmentNames load() {
    Map<String, String> keys = new LinkedHashMap<>();
    JsonNode defaults = new YAMLMapper().readTree(ProjectFiles.read(ProjectFiles.defaults()));
    collect(defaults, "", keys);
    Set<String> clients = new LinkedHashSet<>();
    for (Connector connector : CatalogLoader.load(null).all()) {
      clients.add(ClientRegistry.environmentPrefix(connector.id()) + "CLIENT_ID");
      clients.add(ClientRegistry.environmentPrefix(connector.id()) + "CLIENT_SECRET");
    }
    return new EnvironmentNames(keys, clients);
  }

  private static void collect(JsonNode node, String prefix, Map<String, String> keys) {
    for (Map.Entry<String, JsonNode> field : node.properties()) {
      String key = prefix + field.getKey();
      if (field.getValue().isObject()) {
        collect(field.getValue(), key + ".", keys);
      } else {
        keys.put(ConfigurationNames.environmentName(key), key);
      }
    }
  }

  /** The configuration key a variable sets, if it sets one. */
  Optional<String> key(String name) {
    return Optional.ofNullable(keysByName.get(name));
  }

  boolean isConnectorClient(String name) {
    return connectorClientNames.contains(name);
  }

  /** Whether Conduit or its JVM reads this variable at all. */
  boolean known(String name) {
    return keysByName.containsKey(name) || connectorClientNames.contains(name) || NOT_KEYS.contains(name);
  }
}
