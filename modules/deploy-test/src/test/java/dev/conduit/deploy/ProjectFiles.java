package dev.conduit.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Where the files under test are: the project root (Maven's, passed by surefire) and what lies under it. */
final class ProjectFiles {

  private ProjectFiles() {
  }

  static Path root() {
    String configured = System.getProperty("conduit.root");
    Path root = configured != null ? Path.of(configured) : Path.of("../..");
    return root.toAbsolutePath().normalize();
  }

  static Path k8s() {
    return root().resolve("k8s");
  }

  static Path dockerfile() {
    return root().resolve("Dockerfile");
  }

  static Path openApiDocument() {
    return root().resolve("modules/http/src/main/resources/openapi/conduit.yaml");
  }

  static Path dockerignore() {
    return root().resolve(".dockerignore");
  }

  static Path defaults() {
    return root().resolve("config/conduit.yaml");
  }

  /** Every YAML file under k8s/, sorted, kustomization files included. */
  static List<Path> k8sYamlFiles() {
    try (Stream<Path> files = Files.walk(k8s())) {
      return files.filter(Files::isRegularFile)
          .filter(file -> file.getFileName().toString().matches(".*\\.ya?ml"))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String relative(Path file) {
    return root().relativize(file).toString();
  }
}
