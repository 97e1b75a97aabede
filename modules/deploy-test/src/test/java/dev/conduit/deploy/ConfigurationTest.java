package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.app.ConfigurationNames;
import dev.conduit.core.config.ConduitConfig;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The manifests configure Conduit only through keys it has, in the forms it accepts. */
class ConfigurationTest {

  private final EnvironmentNames names = EnvironmentNames.load();

  @Test
  void everyVariableTheManifestsSetIsOneConduitReads() {
    K8sManifests.podTemplates().forEach((file, template) -> {
      for (Container container : template.getSpec().getContainers()) {
        for (EnvVar env : container.getEnv()) {
          assertThat(names.known(env.getName()))
              .as(file + ": " + env.getName() + " is a configuration key, a connector client or read by the JVM")
              .isTrue();
        }
        assertThat(container.getEnvFrom()).as(file + ": every variable is named").isEmpty();
      }
    });
  }

  @Test
  void aMisspeltVariableIsNotTakenForAKey() {
    assertThat(names.known("CONDUIT_DATABASE_URL")).isTrue();
    assertThat(names.key("CONDUIT_AUTH_HS256_SECRET")).contains("auth.hs256-secret");
    assertThat(names.known("CONDUIT_DATABASE_URI")).isFalse();
    assertThat(names.known("CONDUIT_CONNECTOR_GITHUB_CLIENT_ID")).isTrue();
    assertThat(names.known("CONDUIT_CONNECTOR_NO_SUCH_PROVIDER_CLIENT_ID")).isFalse();
  }

  @Test
  void theConfigMapsFileHoldsOnlyKeysOfTheDefaults() {
    YAMLMapper yaml = new YAMLMapper();
    JsonNode defaults = yaml.readTree(ProjectFiles.read(ProjectFiles.defaults()));
    JsonNode file = yaml.readTree(ConfigMapFile.text());

    assertThat(file.isObject()).isTrue();
    assertSubset("", file, defaults);
  }

  private static void assertSubset(String prefix, JsonNode file, JsonNode defaults) {
    for (Map.Entry<String, JsonNode> field : file.properties()) {
      String key = prefix + field.getKey();
      JsonNode expected = defaults.get(field.getKey());
      assertThat(expected).as(key + " is a key of config/conduit.yaml").isNotNull();
      assertThat(field.getValue().isObject()).as(key + " has the shape of its default").isEqualTo(expected.isObject());
      if (expected.isObject()) {
        assertSubset(key + ".", field.getValue(), expected);
      }
    }
  }

  @Test
  void theConfigMapsFileLoadsAsTheServerLoadsIt(@TempDir Path directory) {
    Path file = ConfigMapFile.writeTo(directory);

    ConduitConfig config = ConfigurationNames.load(file, Map.of());

    assertThat(config.http().publicUrl()).as("http.public-url, for the operator to edit").startsWith("https://");
    assertThat(ConfigurationNames.warnings(file, Map.of())).isEmpty();
  }

  @Test
  void theConfigMapHoldsNoSecretSetting() {
    JsonNode file = new YAMLMapper().readTree(ConfigMapFile.text());

    for (String key : SecretReferencesTest.SECRET_KEYS) {
      JsonNode node = file;
      for (String part : key.split("\\.")) {
        node = node.path(part);
      }
      assertThat(node.isMissingNode() || node.asString().isEmpty()).as(key + " comes from a Secret only").isTrue();
    }
  }
}
