package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every manifest under k8s/ is a valid object of the Kubernetes API, field for field. */
class ManifestSchemaTest {

  static Stream<Path> manifests() {
    return ProjectFiles.k8sYamlFiles().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void everyManifestParsesStrictlyIntoTheKubernetesModel(Path file) {
    StrictManifests.Manifest manifest = StrictManifests.parse(ProjectFiles.relative(file), ProjectFiles.read(file));

    assertThat(manifest.resource().getApiVersion()).as("apiVersion").isNotBlank();
    assertThat(manifest.resource().getKind()).as("kind").isNotBlank();
    // only the kustomizations and the CloudNativePG Cluster are kinds the model lacks; they are checked field by
    // field in KustomizationTest and CloudNativePgClusterTest
    if (!manifest.modelled()) {
      assertThat(manifest.resource().getKind()).as(ProjectFiles.relative(file)).isIn("Kustomization", "Cluster");
    }
  }

  @Test
  void theK8sDirectoryHoldsTheWholeSet() {
    assertThat(manifests().map(file -> ProjectFiles.k8s().relativize(file).toString()).toList())
        .containsExactlyInAnyOrder("kustomization.yaml", "serviceaccount.yaml", "configmap.yaml", "deployment.yaml",
            "service.yaml", "hpa.yaml", "pdb.yaml", "networkpolicy.yaml", "migrate-job.yaml",
            "cnpg/kustomization.yaml", "cnpg/cluster.yaml");
  }

  @Test
  void aMisspeltFieldIsRefusedWithItsPath() {
    String deployment = ProjectFiles.read(ProjectFiles.k8s().resolve("deployment.yaml"));
    String misspelt = deployment
        .replace("  replicas: 3", "  replicaz: 3")
        .replace("          readinessProbe:", "          readinesProbe:");

    assertThatThrownBy(() -> StrictManifests.parse("deployment.yaml", misspelt))
        .isInstanceOf(StrictManifests.InvalidManifestException.class)
        .hasMessageContaining("/spec/replicaz: not a field of this kind")
        .hasMessageContaining("/spec/template/spec/containers/0/readinesProbe: not a field of this kind");
  }

  @Test
  void theModelAloneWouldHaveAcceptedTheMisspeltField() {
    // the trap this test module exists for: fabric8 keeps unknown fields instead of failing on them
    String deployment = ProjectFiles.read(ProjectFiles.k8s().resolve("deployment.yaml"))
        .replace("  replicas: 3", "  replicaz: 3");

    Deployment lenient = new KubernetesSerialization().unmarshal(deployment, Deployment.class);

    assertThat(lenient.getSpec().getReplicas()).isNull();
    assertThat(lenient.getSpec().getAdditionalProperties()).containsEntry("replicaz", 3);
  }

  @Test
  void aFieldAtTheWrongLevelIsRefused() {
    String manifest = """
        apiVersion: v1
        kind: Service
        metadata:
          name: conduit
        spec:
          selector:
            app: conduit
          ports:
            - port: 80
              targetPort: http
        replicas: 2
        """;

    assertThatThrownBy(() -> StrictManifests.parse("service.yaml", manifest))
        .hasMessageContaining("/replicas: not a field of this kind");
  }

  @Test
  void aValueOfTheWrongTypeIsRefused() {
    String manifest = """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: conduit
        spec:
          maxUnavailable: 1
          selector:
            matchLabels: [conduit]
        """;

    assertThatThrownBy(() -> StrictManifests.parse("pdb.yaml", manifest)).hasMessageContaining("matchLabels");
  }

  @Test
  void aValueTheModelWouldCoerceIsRefused() {
    String deployment = ProjectFiles.read(ProjectFiles.k8s().resolve("deployment.yaml"))
        .replace("  replicas: 3", "  replicas: \"3\"");

    assertThatThrownBy(() -> StrictManifests.parse("deployment.yaml", deployment))
        .hasMessageContaining("/spec/replicas: written as string \"3\", read back as number 3");
  }

  @Test
  void aDuplicateKeyIsRefused() {
    String manifest = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: conduit
          name: other
        """;

    assertThatThrownBy(() -> StrictManifests.parse("serviceaccount.yaml", manifest))
        .hasMessageContaining("Duplicate Object property \"name\"");
  }

  @Test
  void twoResourcesInOneFileAreRefused() {
    String manifest = """
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: a
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata:
          name: b
        """;

    assertThatThrownBy(() -> StrictManifests.parse("two.yaml", manifest))
        .hasMessageContaining("one resource per file");
  }

}
