package dev.conduit.deploy;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The manifests under k8s/, each read strictly once, by their path relative to k8s/. */
final class K8sManifests {

  private static final Map<String, StrictManifests.Manifest> ALL = load();

  private K8sManifests() {
  }

  private static Map<String, StrictManifests.Manifest> load() {
    Map<String, StrictManifests.Manifest> manifests = new LinkedHashMap<>();
    for (Path file : ProjectFiles.k8sYamlFiles()) {
      String name = ProjectFiles.k8s().relativize(file).toString();
      manifests.put(name, StrictManifests.parse(ProjectFiles.relative(file), ProjectFiles.read(file)));
    }
    return manifests;
  }

  static Map<String, StrictManifests.Manifest> all() {
    return ALL;
  }

  static StrictManifests.Manifest file(String name) {
    StrictManifests.Manifest manifest = ALL.get(name);
    if (manifest == null) {
      throw new AssertionError("k8s/" + name + " is missing");
    }
    return manifest;
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
    return ALL.values().stream().map(StrictManifests.Manifest::resource).toList();
  }
}
