package dev.conduit.app;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.conduit.core.config.ConduitConfig;
import dev.conduit.core.json.MappingProblems;
import dev.conduit.core.json.StrictYaml;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds the configuration: the shipped {@code config/conduit.yaml} (every key with its default), then an
 * optional override file, then {@code CONDUIT_*} environment variables. Only keys present in the defaults
 * exist; a value of the wrong form stops start-up with a message naming the key and where it was set.
 */
public final class ConfigLoader {

  static final String DEFAULTS_RESOURCE = "config/conduit.yaml";
  static final String ENV_PREFIX = "CONDUIT_";
  /** Environment variables that are not configuration keys but are still ours. */
  private static final List<String> OTHER_ENV = List.of("CONDUIT_CONFIG", "CONDUIT_LOG_LEVEL", "CONDUIT_CONNECTOR_");

  private static final ObjectMapper MAPPER = StrictYaml.yaml().copy()
      .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE);

  private final Map<String, String> origins = new HashMap<>();
  private final List<String> warnings = new ArrayList<>();

  private ConfigLoader() {
  }

  /** The loaded configuration and what was noticed on the way (e.g. unknown CONDUIT_ variables). */
  public record Loaded(ConduitConfig config, List<String> warnings) {
  }

  public static Loaded load(Path overrideFile, Map<String, String> environment) {
    ConfigLoader loader = new ConfigLoader();
    ObjectNode tree = loader.defaults();
    if (overrideFile != null) {
      loader.mergeFile(tree, overrideFile);
    }
    loader.applyEnvironment(tree, environment);
    ConduitConfig config = loader.bind(tree);
    ConfigRules.check(config, loader::origin);
    return new Loaded(config, List.copyOf(loader.warnings));
  }

  /** {@code CONDUIT_} + the key path in upper snake case: {@code auth.hs256-secret} → {@code CONDUIT_AUTH_HS256_SECRET}. */
  static String environmentName(String key) {
    return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** "key" plus where its value came from, for error messages; a list item's origin is its list's. */
  String origin(String key) {
    String from = origins.get(key.replaceFirst("(\\[\\d+])+$", ""));
    return from == null ? key : key + " (set by " + from + ")";
  }

  private ObjectNode defaults() {
    try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream(DEFAULTS_RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
      }
      return (ObjectNode) MAPPER.readTree(in);
    } catch (IOException e) {
      throw new IllegalStateException("the shipped " + DEFAULTS_RESOURCE + " cannot be read", e);
    }
  }

  private void mergeFile(ObjectNode tree, Path file) {
    JsonNode override;
    try {
      override = MAPPER.readTree(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new ConfigException("config file " + file + " cannot be read as YAML: " + e.getMessage());
    }
    if (override == null || override.isMissingNode() || override.isNull()) {
      return;
    }
    if (!override.isObject()) {
      throw new ConfigException("config file " + file + " must be a mapping of keys");
    }
    merge(tree, (ObjectNode) override, "", file.toString());
  }

  private void merge(ObjectNode target, ObjectNode source, String prefix, String origin) {
    for (Iterator<Map.Entry<String, JsonNode>> it = source.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      String key = prefix + field.getKey();
      JsonNode existing = target.get(field.getKey());
      if (existing == null) {
        throw new ConfigException("unknown configuration key " + key + " in " + origin);
      }
      if (existing.isObject()) {
        if (!field.getValue().isObject()) {
          throw new ConfigException(key + " (set by " + origin + "): expected a mapping");
        }
        merge((ObjectNode) existing, (ObjectNode) field.getValue(), key + ".", origin);
      } else {
        target.set(field.getKey(), field.getValue());
        origins.put(key, origin);
      }
    }
  }

  private void applyEnvironment(ObjectNode tree, Map<String, String> environment) {
    Map<String, String> knownNames = new LinkedHashMap<>();
    forEachLeaf(tree, "", (parent, name, key) -> {
      String variable = environmentName(key);
      knownNames.put(variable, key);
      String value = environment.get(variable);
      if (value != null) {
        parent.set(name, parent.get(name).isArray() ? list(value) : TextNode.valueOf(value));
        origins.put(key, variable);
      }
    });
    environment.keySet().stream()
        .filter(name -> name.startsWith(ENV_PREFIX) && !knownNames.containsKey(name))
        .filter(name -> OTHER_ENV.stream().noneMatch(name::startsWith))
        .sorted()
        .forEach(name -> warnings.add("environment variable " + name + " matches no configuration key; ignored"));
  }

  private static ArrayNode list(String commaSeparated) {
    ArrayNode array = JsonNodeFactory.instance.arrayNode();
    for (String item : commaSeparated.split(",")) {
      if (!item.isBlank()) {
        array.add(item.strip());
      }
    }
    return array;
  }

  private interface LeafVisitor {
    void visit(ObjectNode parent, String name, String key);
  }

  private static void forEachLeaf(ObjectNode node, String prefix, LeafVisitor visitor) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    for (String name : names) {
      JsonNode child = node.get(name);
      if (child.isObject()) {
        forEachLeaf((ObjectNode) child, prefix + name + ".", visitor);
      } else {
        visitor.visit(node, name, prefix + name);
      }
    }
  }

  private ConduitConfig bind(ObjectNode tree) {
    try {
      return MAPPER.treeToValue(tree, ConduitConfig.class);
    } catch (JsonMappingException e) {
      throw new ConfigException(origin(MappingProblems.path(e)) + ": " + MappingProblems.describe(e));
    } catch (IOException e) {
      throw new ConfigException("configuration cannot be read: " + e.getMessage());
    }
  }
}
