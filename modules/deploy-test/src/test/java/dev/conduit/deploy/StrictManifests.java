package dev.conduit.deploy;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.List;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.cfg.MapperConfig;
import tools.jackson.databind.introspect.Annotated;
import tools.jackson.databind.introspect.JacksonAnnotationIntrospector;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads a manifest into fabric8's model of the Kubernetes API and refuses any field the model does not declare.
 *
 * <p>The model alone does not refuse: every class keeps unknown fields in {@code additionalProperties}
 * (a Jackson any-setter), so {@code replicaz: 3} parses and is written back unchanged. Here the manifest is read into
 * its model type, written back by a mapper that ignores the any-getters, and the two trees are compared: whatever
 * the model holds only as an additional property, or had to coerce, shows up as a difference with its path.
 */
final class StrictManifests {

  /** Serializes declared fields only: additionalProperties stay out of the output. */
  private static final class DeclaredFieldsOnly extends JacksonAnnotationIntrospector {
    @Override
    public Boolean hasAnyGetter(MapperConfig<?> config, Annotated annotated) {
      return Boolean.FALSE;
    }
  }

  private static final KubernetesSerialization MODEL =
      new KubernetesSerialization(JsonMapper.builder().annotationIntrospector(new DeclaredFieldsOnly()).build(), true);
  private static final ObjectMapper YAML = YAMLMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();
  private static final ObjectMapper JSON = JsonMapper.builder().build();

  private StrictManifests() {
  }

  /** A manifest read into its model type, and the tree it was read from. */
  record Manifest(HasMetadata resource, JsonNode tree) {

    boolean modelled() {
      return !(resource instanceof GenericKubernetesResource);
    }

    <T extends HasMetadata> T as(Class<T> type) {
      if (!type.isInstance(resource)) {
        throw new AssertionError("expected a " + type.getSimpleName() + ", got " + resource.getKind());
      }
      return type.cast(resource);
    }
  }

  /**
   * Reads one YAML document. A kind the model has is checked strictly; a kind it does not have (a custom resource,
   * a kustomization) comes back as a {@link GenericKubernetesResource} for the caller to check field by field.
   *
   * @throws InvalidManifestException naming every field the model does not declare or had to change
   */
  static Manifest parse(String name, String yaml) {
    if (yaml.lines().anyMatch(line -> line.strip().equals("---"))) {
      throw new InvalidManifestException(name + ": one resource per file, so that each is checked on its own");
    }
    JsonNode tree = YAML.readTree(yaml);
    if (tree == null || !tree.isObject()) {
      throw new InvalidManifestException(name + ": not a YAML mapping");
    }
    HasMetadata resource = MODEL.unmarshal(yaml, HasMetadata.class);
    if (resource instanceof GenericKubernetesResource) {
      return new Manifest(resource, tree);
    }
    List<String> differences = TreeDifferences.between(tree, JSON.readTree(MODEL.asJson(resource)));
    if (!differences.isEmpty()) {
      throw new InvalidManifestException(name + " (" + resource.getKind() + "):\n  " + String.join("\n  ", differences));
    }
    return new Manifest(resource, tree);
  }

  static final class InvalidManifestException extends RuntimeException {
    InvalidManifestException(String message) {
      super(message);
    }
  }
}
