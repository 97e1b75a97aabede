package dev.conduit.deploy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The ConfigMap that carries Conduit's configuration file, and that file written out as the pods see it. */
final class ConfigMapFile {

  static final String KEY = "conduit.yaml";

  private ConfigMapFile() {
  }

  static ConfigMap manifest() {
    return K8sManifests.file("configmap.yaml", ConfigMap.class);
  }

  static String text() {
    String text = manifest().getData().get(KEY);
    if (text == null) {
      throw new AssertionError("configmap.yaml has no " + KEY);
    }
    return text;
  }

  /** The file as mounted, for the configuration loader to read. */
  static Path writeTo(Path directory) {
    try {
      return Files.writeString(directory.resolve(KEY), text(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
