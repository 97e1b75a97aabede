package dev.conduit.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code kubectl apply -k k8s/} applies every manifest and nothing else. Kustomize's own file is no Kubernetes
 * object, so fabric8 has no model of it: its fields are checked against the ones kustomize documents.
 */
class KustomizationTest {

  private static final Set<String> KNOWN_FIELDS = Set.of("apiVersion", "kind", "metadata", "resources", "labels",
      "images", "namespace", "configMapGenerator", "secretGenerator", "patches", "components");

  @Test
  void theTopLevelKustomizationListsEveryManifestBesideIt() {
    assertListsEveryManifestIn(ProjectFiles.k8s());
  }

  @Test
  void theDatabaseKustomizationListsTheCluster() {
    assertListsEveryManifestIn(ProjectFiles.k8s().resolve("cnpg"));
  }

  @Test
  void theImageIsTheOneTheManifestsName() {
    GenericKubernetesResource kustomization = kustomization("kustomization.yaml");
    List<Map<String, Object>> images = kustomization.get("images");

    assertThat(images).singleElement().satisfies(image -> {
      assertThat(image.keySet()).isSubsetOf("name", "newName", "newTag", "digest");
      assertThat(image.get("name")).isEqualTo(K8sManifests.deployment().getSpec().getTemplate().getSpec()
          .getContainers().get(0).getImage());
    });
  }

  /** Kustomize itself, where kubectl is installed: what it builds is still strictly valid, kind for kind. */
  @Test
  void kustomizeBuildsTheSetWhereKubectlIsInstalled() throws Exception {
    assumeTrue(onPath("kubectl"), "kubectl is not installed");

    String built = kustomize(ProjectFiles.k8s());

    List<String> kinds = Arrays.stream(built.split("(?m)^---$"))
        .map(document -> StrictManifests.parse("kubectl kustomize k8s/", document.strip() + "\n"))
        .map(manifest -> manifest.resource().getKind())
        .toList();
    assertThat(kinds).containsExactlyInAnyOrder("ServiceAccount", "ConfigMap", "Service", "Deployment",
        "HorizontalPodAutoscaler", "PodDisruptionBudget", "NetworkPolicy", "Job");
    assertThat(kustomize(ProjectFiles.k8s().resolve("cnpg"))).contains("kind: Cluster");
  }

  /** Output goes to a file, so that a kubectl that hangs fails the wait instead of blocking a read. */
  private static String kustomize(Path directory) throws Exception {
    Path output = Files.createTempFile("kustomize", ".yaml");
    try {
      Process process = new ProcessBuilder("kubectl", "kustomize", directory.toString())
          .redirectErrorStream(true).redirectOutput(output.toFile()).start();
      boolean ended = process.waitFor(2, TimeUnit.MINUTES);
      if (!ended) {
        process.destroyForcibly();
      }
      String text = Files.readString(output, StandardCharsets.UTF_8);
      assertThat(ended).as("kubectl kustomize ends").isTrue();
      assertThat(process.exitValue()).as(text).isZero();
      return text;
    } finally {
      Files.deleteIfExists(output);
    }
  }

  private static boolean onPath(String command) {
    return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .anyMatch(directory -> Files.isExecutable(Path.of(directory, command)));
  }

  private static void assertListsEveryManifestIn(Path directory) {
    String name = ProjectFiles.k8s().relativize(directory.resolve("kustomization.yaml")).toString();
    GenericKubernetesResource kustomization = kustomization(name);
    List<String> resources = kustomization.get("resources");

    assertThat(kustomization.getApiVersion()).isEqualTo("kustomize.config.k8s.io/v1beta1");
    assertThat(kustomization.getAdditionalProperties().keySet()).as(name).isSubsetOf(KNOWN_FIELDS);
    assertThat(resources).as(name).doesNotHaveDuplicates()
        .allSatisfy(resource -> assertThat(directory.resolve(resource)).isRegularFile())
        .containsExactlyInAnyOrderElementsOf(manifestsIn(directory));
  }

  private static GenericKubernetesResource kustomization(String name) {
    return K8sManifests.file(name, GenericKubernetesResource.class);
  }

  private static List<String> manifestsIn(Path directory) {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(Files::isRegularFile).map(file -> file.getFileName().toString())
          .filter(file -> file.endsWith(".yaml") && !file.equals("kustomization.yaml"))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
