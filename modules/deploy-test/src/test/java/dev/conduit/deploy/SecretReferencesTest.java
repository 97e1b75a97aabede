package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Secrets reach the pods by reference only; no manifest holds secret material. */
class SecretReferencesTest {

  /** The configuration keys whose values are secret (a database password, key material). */
  static final Set<String> SECRET_KEYS = Set.of("database.url", "vault.keyset", "auth.hs256-secret", "auth.public-key");

  /** What secret material looks like: a URL with a password, PEM, a Tink keyset, tokens of providers and ours. */
  private static final List<Pattern> SECRET_MATERIAL = List.of(
      Pattern.compile("postgres(ql)?://[^:/@\\s]+:[^@\\s]+@"),
      Pattern.compile("-----BEGIN [A-Z ]*KEY-----"),
      Pattern.compile("primaryKeyId"),
      Pattern.compile("\\b(whsec|cdk)_[A-Za-z0-9]"),
      Pattern.compile("\\bgh[opsu]_[A-Za-z0-9]{20,}"));

  private final EnvironmentNames names = EnvironmentNames.load();

  @Test
  void secretSettingsComeFromSecretKeyRefsOnly() {
    K8sManifests.podTemplates().forEach((file, template) -> {
      for (Container container : template.getSpec().getContainers()) {
        for (EnvVar env : container.getEnv()) {
          if (isSecret(env.getName())) {
            assertThat(env.getValue()).as(file + ": " + env.getName() + " has no literal value").isNull();
            assertThat(env.getValueFrom()).as(file + ": " + env.getName()).isNotNull();
            assertThat(env.getValueFrom().getSecretKeyRef()).as(file + ": " + env.getName() + " from a Secret")
                .isNotNull();
          }
        }
      }
    });
  }

  @Test
  void theServerIsGivenItsDatabaseKeysetJwtKeysAndAConnectorClient() {
    Map<String, SecretKeySelector> refs = secretRefs(K8sManifests.deployment().getSpec().getTemplate().getSpec()
        .getContainers().get(0));

    assertThat(refs.get("CONDUIT_DATABASE_URL").getOptional()).as("required").isNotEqualTo(Boolean.TRUE);
    assertThat(refs.get("CONDUIT_VAULT_KEYSET").getOptional()).as("required").isNotEqualTo(Boolean.TRUE);
    assertThat(refs).containsKeys("CONDUIT_AUTH_HS256_SECRET", "CONDUIT_AUTH_PUBLIC_KEY");
    // a connector's client is optional: without it the connector is just not configured
    assertThat(refs.get("CONDUIT_CONNECTOR_GITHUB_CLIENT_ID").getOptional()).isTrue();
    assertThat(refs.get("CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET").getOptional()).isTrue();
    assertThat(refs.get("CONDUIT_CONNECTOR_GITHUB_CLIENT_ID").getName())
        .isEqualTo(refs.get("CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET").getName());
  }

  @Test
  void theMigrationJobUsesTheServersDatabaseSecret() {
    Map<String, SecretKeySelector> server = secretRefs(K8sManifests.deployment().getSpec().getTemplate().getSpec()
        .getContainers().get(0));
    Map<String, SecretKeySelector> job = secretRefs(K8sManifests.migrateJob().getSpec().getTemplate().getSpec()
        .getContainers().get(0));

    assertThat(job.get("CONDUIT_DATABASE_URL")).isEqualTo(server.get("CONDUIT_DATABASE_URL"));
  }

  @Test
  void noManifestIsASecret() {
    assertThat(K8sManifests.resources()).extracting(HasMetadata::getKind).doesNotContain("Secret");
  }

  @Test
  void noFileUnderK8sHoldsSecretMaterial() {
    for (Path file : ProjectFiles.k8sYamlFiles()) {
      assertThat(secretMaterialIn(ProjectFiles.read(file))).as(ProjectFiles.relative(file)).isEmpty();
    }
  }

  @Test
  void theScanFindsSecretMaterial() {
    assertThat(secretMaterialIn("value: postgresql://conduit:hunter2@db:5432/conduit")).isPresent();
    assertThat(secretMaterialIn("value: '{\"primaryKeyId\": 1}'")).isPresent();
    assertThat(secretMaterialIn("-----BEGIN PRIVATE KEY-----")).isPresent();
    assertThat(secretMaterialIn("secret: whsec_abc")).isPresent();
    assertThat(secretMaterialIn("url: postgresql://db:5432/conduit")).isEmpty();
  }

  private static Optional<String> secretMaterialIn(String text) {
    return SECRET_MATERIAL.stream().filter(pattern -> pattern.matcher(text).find()).map(Pattern::pattern)
        .findFirst();
  }

  private boolean isSecret(String name) {
    return names.isConnectorClient(name) || names.key(name).filter(SECRET_KEYS::contains).isPresent();
  }

  private static Map<String, SecretKeySelector> secretRefs(Container container) {
    return container.getEnv().stream()
        .filter(env -> env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null)
        .collect(Collectors.toMap(EnvVar::getName, env -> env.getValueFrom().getSecretKeyRef()));
  }
}
