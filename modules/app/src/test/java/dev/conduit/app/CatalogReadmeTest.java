package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.catalog.CatalogLoader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * connectors/README.md is generated from the catalog; this test keeps the two in sync. With
 * {@code -Dconduit.catalog.readme=write} it rewrites the file instead of failing (no jar needed).
 */
class CatalogReadmeTest {

  private static final String WRITE = "conduit.catalog.readme";

  @Test
  void connectorsReadmeIsTheGeneratedTableOfTheBuiltInCatalog() throws IOException {
    Path readme = projectRoot().resolve("connectors/README.md");
    String expected = CatalogTable.markdown(CatalogLoader.load(null));
    if ("write".equals(System.getProperty(WRITE))) {
      Files.writeString(readme, expected, StandardCharsets.UTF_8);
    }

    String actual = Files.exists(readme) ? Files.readString(readme, StandardCharsets.UTF_8) : "";

    assertThat(actual)
        .as("connectors/README.md is out of date with connectors/*.yaml; regenerate it with\n  "
            + CatalogTable.REGENERATE + "\n(after mvn package), or with\n  " + CatalogTable.REGENERATE_WITH_TEST)
        .isEqualTo(expected);
  }

  /** The project root: the first directory upwards that holds connectors/ (tests run in modules/app). */
  private static Path projectRoot() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("connectors")) && Files.exists(dir.resolve("pom.xml"))) {
        return dir;
      }
    }
    throw new IllegalStateException("no connectors/ directory above " + Path.of("").toAbsolutePath());
  }
}
