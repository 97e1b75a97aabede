package dev.conduit.core.catalog;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import dev.conduit.core.json.MappingProblems;
import dev.conduit.core.json.StrictYaml;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads the built-in catalog (the {@code connectors/} resources shipped in the jar) and, optionally, an extra
 * directory whose files add connectors or replace built-in ones with the same id. Every file is checked; all
 * problems are reported together, each naming its file and field. Blocking: call before deploying verticles.
 */
public final class CatalogLoader {

  static final String BUILT_IN_RESOURCE = "connectors";
  private static final String SUFFIX = ".yaml";

  private CatalogLoader() {
  }

  /** The built-in catalog merged with {@code extraDir} (may be null). */
  public static Catalog load(Path extraDir) {
    Map<String, Connector> connectors = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    withBuiltInDirectory(dir -> readDirectory(dir, BUILT_IN_RESOURCE, connectors, problems));
    if (extraDir != null) {
      if (!Files.isDirectory(extraDir)) {
        problems.add("connectors.dir: '" + extraDir + "' is not a directory");
      } else {
        readDirectory(extraDir, extraDir.toString(), connectors, problems);
      }
    }
    if (!problems.isEmpty()) {
      throw new CatalogException(problems);
    }
    return Catalog.of(connectors.values());
  }

  /** Only the files of {@code dir}, without the built-in catalog (for tools and tests). */
  public static Catalog loadDirectory(Path dir) {
    Map<String, Connector> connectors = new LinkedHashMap<>();
    List<String> problems = new ArrayList<>();
    readDirectory(dir, dir.toString(), connectors, problems);
    if (!problems.isEmpty()) {
      throw new CatalogException(problems);
    }
    return Catalog.of(connectors.values());
  }

  private static void readDirectory(Path dir, String displayDir, Map<String, Connector> into, List<String> problems) {
    List<Path> files;
    try (Stream<Path> listing = Files.list(dir)) {
      files = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (IOException e) {
      problems.add(displayDir + ": cannot list directory: " + e.getMessage());
      return;
    }
    for (Path file : files) {
      String fileName = file.getFileName().toString();
      String display = displayDir + "/" + fileName;
      String expectedId = fileName.substring(0, fileName.length() - SUFFIX.length());
      try {
        Connector connector = StrictYaml.yaml().readValue(Files.readAllBytes(file), Connector.class);
        if (connector == null) {
          problems.add(display + ": the file is empty");
          continue;
        }
        List<String> broken = ConnectorRules.check(connector, expectedId);
        if (broken.isEmpty()) {
          into.put(connector.id(), connector);
        } else {
          broken.forEach(p -> problems.add(display + ": " + p));
        }
      } catch (JsonMappingException e) {
        String field = MappingProblems.path(e);
        problems.add(display + ": " + (field.isEmpty() ? "" : "field " + field + ": ") + MappingProblems.describe(e));
      } catch (JsonProcessingException e) {
        problems.add(display + ": not valid YAML: " + e.getOriginalMessage()
            + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")"));
      } catch (IOException e) {
        problems.add(display + ": cannot read: " + e.getMessage());
      }
    }
  }

  private interface DirectoryAction {
    void accept(Path dir);
  }

  /** Opens the built-in resource directory whether it sits on disk (tests, IDE) or inside the jar. */
  private static void withBuiltInDirectory(DirectoryAction action) {
    URL url = CatalogLoader.class.getClassLoader().getResource(BUILT_IN_RESOURCE);
    if (url == null) {
      throw new IllegalStateException("the built-in connector catalog is missing from the classpath");
    }
    try {
      URI uri = url.toURI();
      if (!"jar".equals(uri.getScheme())) {
        action.accept(Path.of(uri));
        return;
      }
      try {
        action.accept(FileSystems.getFileSystem(uri).provider().getPath(uri));
      } catch (FileSystemNotFoundException notOpenYet) {
        try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
          action.accept(jar.provider().getPath(uri));
        }
      }
    } catch (URISyntaxException e) {
      throw new IllegalStateException("cannot locate the built-in catalog at " + url, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
