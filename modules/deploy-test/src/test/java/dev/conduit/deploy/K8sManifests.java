package dev.conduit.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The manifests under k8s/, by their path relative to k8s/, each read strictly when first asked for: a broken file
 * fails the tests that use it (and ManifestSchemaTest), not every test.
 */
final class K8sManifests {

  private static final Map<String, StrictManifests.Manifest> READ = new ConcurrentHashMap<>();

  private K8sManifests() {
  }

  static StrictManifests.Manifest file(String name) {
    return READ.computeIfAbsent(name, K8sManifests::read);
  }

  private static StrictManifests.Manifest read(String name) {
    Path file = ProjectFiles.k8s().resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new AssertionError("k8s/" + name + " is missing");
    }
    return StrictManifests.parse(ProjectFiles.relative(file), ProjectFiles.read(file));
  }

  static <T extends HasMetadata> T file(String name, Class<T> type) {
    return file(name).as(type);
  }

  static Deployment deployment() {
    return file("deployment.yaml", Deployment.class);
  }

  static Job migrateJob() {
    return file("migrate-job.yaml", Job.class);
  }

  /** The pod templates of every workload: the server's and the migration Job's. */
  static Map<String, PodTemplateSpec> podTemplates() {
    return Map.of(
        "deployment.yaml", deployment().getSpec().getTemplate(),
        "migrate-job.yaml", migrateJob().getSpec().getTemplate());
  }

  static List<HasMetadata> resources() {
    return ProjectFiles.k8sYamlFiles().stream()
        .map(file -> file(ProjectFiles.k8s().relativize(file).toString()).resource())
        .toList();
  }
}
