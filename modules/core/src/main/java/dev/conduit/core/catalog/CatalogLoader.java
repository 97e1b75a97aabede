package dev.conduit.core.catalog;

import com.fasterxml.jackson.core.JsonParseException;
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
    return merge(read(extraDir));
  }

  /** Only the files of {@code dir}, without the built-in catalog (for tools and tests). */
  public static Catalog loadDirectory(Path dir) {
    List<String> problems = new ArrayList<>();
    List<ConnectorFile> files = readDirectory(dir, dir.toString(), problems);
    return merge(new CatalogFiles(files, problems));
  }

  /**
   * Every file of the built-in catalog, then every file of {@code extraDir} (may be null), each as read and checked,
   * without merging: for tools that look across files, such as {@code catalog check}.
   */
  public static CatalogFiles read(Path extraDir) {
    List<ConnectorFile> files = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    withBuiltInDirectory(dir -> files.addAll(readDirectory(dir, BUILT_IN_RESOURCE, problems)));
    if (extraDir != null) {
      if (!Files.isDirectory(extraDir)) {
        problems.add("connectors.dir: '" + extraDir + "' is not a directory");
      } else {
        files.addAll(readDirectory(extraDir, extraDir.toString(), problems));
      }
    }
    return new CatalogFiles(files, problems);
  }

  /** Later files replace earlier ones with the same id; any problem anywhere fails the whole catalog. */
  private static Catalog merge(CatalogFiles read) {
    List<String> problems = read.problems();
    if (!problems.isEmpty()) {
      throw new CatalogException(problems);
    }
    Map<String, Connector> connectors = new LinkedHashMap<>();
    read.files().forEach(file -> connectors.put(file.connector().id(), file.connector()));
    return Catalog.of(connectors.values());
  }

  private static List<ConnectorFile> readDirectory(Path dir, String displayDir, List<String> problems) {
    List<Path> paths;
    try (Stream<Path> listing = Files.list(dir)) {
      paths = listing.filter(p -> p.getFileName().toString().endsWith(SUFFIX)).sorted().toList();
    } catch (IOException e) {
      problems.add(displayDir + ": cannot list directory: " + e.getMessage());
      return List.of();
    }
    List<ConnectorFile> files = new ArrayList<>();
    for (Path path : paths) {
      files.add(readFile(path, displayDir + "/" + path.getFileName()));
    }
    return files;
  }

  private static ConnectorFile readFile(Path file, String display) {
    String fileName = file.getFileName().toString();
    String expectedId = fileName.substring(0, fileName.length() - SUFFIX.length());
    try {
      Connector connector = StrictYaml.yaml().readValue(Files.readAllBytes(file), Connector.class);
      if (connector == null) {
        return new ConnectorFile(display, null, List.of("the file is empty"));
      }
      return new ConnectorFile(display, connector, ConnectorRules.check(connector, expectedId));
    } catch (JsonProcessingException e) {
      return new ConnectorFile(display, null, List.of(describe(e)));
    } catch (IOException e) {
      return new ConnectorFile(display, null, List.of("cannot read: " + e.getMessage()));
    }
  }

  /** "field x: what is wrong", for a file that is not valid YAML or does not have a connector's shape. */
  private static String describe(JsonProcessingException e) {
    JsonParseException syntax = syntaxError(e);
    String field = syntax == null ? "" : MappingProblems.pathAt(syntax);
    if (field.isEmpty() && e instanceof JsonMappingException mapping) {
      field = MappingProblems.path(mapping);
    }
    String prefix = field.isEmpty() ? "" : "field " + field + ": ";
    if (syntax == null) {
      return prefix + MappingProblems.describe(e);
    }
    // the YAML parser's own message spans several lines, quoting the text; its first line says what is wrong
    String message = syntax.getOriginalMessage() == null ? "" : syntax.getOriginalMessage().lines().findFirst().orElse("");
    return prefix + "not valid YAML: " + message
        + (syntax.getLocation() == null ? "" : " (line " + syntax.getLocation().getLineNr() + ")");
  }

  /** The syntax error behind {@code e} (databind wraps those met while it builds a record), or null. */
  private static JsonParseException syntaxError(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof JsonParseException parse) {
        return parse;
      }
    }
    return null;
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
