package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.catalog.CatalogLoader;
import dev.conduit.core.catalog.Connector;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine;

/** {@code catalog check} and {@code catalog list}, run as the CLI runs them, on the fixtures in catalog-check/. */
class CatalogCommandTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private static Path fixture(String name) {
    try {
      return Path.of(Objects.requireNonNull(CatalogCommandTest.class.getResource("/catalog-check/" + name)).toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void theBuiltInCatalogPasses() {
    assertThat(run("catalog", "check")).isZero();

    assertThat(out.toString()).startsWith("checked ").contains("connector files: no problems");
  }

  @Test
  void aValidDirectoryMergedOverTheBuiltInCatalogPasses() {
    assertThat(run("catalog", "check", fixture("valid").toString())).isZero();
  }

  @Test
  void aFileReplacingABuiltInOneOfTheSameNameIsNoDuplicate() {
    assertThat(run("catalog", "check", fixture("override").toString())).isZero();
    assertThat(run("catalog", "list", fixture("override").toString())).isZero();

    assertThat(out.toString()).containsPattern("(?m)^github .* 4000 per hour$");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      http-url               | acme.yaml      | oauth.revokeUrl    | expected https
      http-loopback          | acme.yaml      | oauth.tokenUrl     | expected https, got 'http://localhost:9999/oauth/token'
      duplicate-id           | acme-copy.yaml | id                 | 'acme' is already the id of
      duplicate-name         | acme.yaml      | name               | 'GitHub' is already the name of connectors/github.yaml
      missing-source         | acme.yaml      | rateLimit.source   | is required
      undeclared-placeholder | acme.yaml      | oauth.tokenUrl     | uses {tenant}, which is not declared under placeholders
      unknown-category       | acme.yaml      | categories[1]      | expected one of dev-tools | communication
      no-category            | acme.yaml      | categories         | expected at least one of dev-tools, communication
      yaml-syntax            | acme.yaml      | oauth.tokenUrl     | not valid YAML
      unknown-field          | acme.yaml      | oauth.scope        | unknown field
      """)
  void aBrokenFileFailsNamingTheFileAndTheField(String fault, String file, String field, String problem) {
    Path dir = fixture(fault);

    assertThat(run("catalog", "check", dir.toString())).isEqualTo(1);

    assertThat(out.toString()).contains(dir.resolve(file) + ": field " + field + ": " + problem);
    // each fault is reported once (a duplicate id breaks two rules: the id is not the file's name, and is taken)
    assertThat(out.toString().lines().filter(l -> l.contains(": field ")).count())
        .isEqualTo(fault.equals("duplicate-id") ? 2 : 1);
    // only the broken directory is blamed: the built-in files stay clean
    assertThat(out.toString().lines().filter(l -> l.contains(": field ")))
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).startsWith(dir.toString()));
  }

  @Test
  void aMissingDirectoryIsAUsageError() {
    assertThat(run("catalog", "check", "/does/not/exist")).isEqualTo(2);

    assertThat(err.toString()).contains("DIR: '/does/not/exist' is not a directory");
  }

  @Test
  void listPrintsEveryConnectorOnItsOwnLine() {
    assertThat(run("catalog", "list")).isZero();

    String[] lines = out.toString().split("\n");
    assertThat(lines[0]).startsWith("ID").contains("NAME", "AUTH", "CATEGORIES", "CEILING");
    for (Connector connector : CatalogLoader.load(null).all()) {
      assertThat(lines).as(connector.id()).anySatisfy(line -> assertThat(line).startsWith(connector.id() + " ")
          .contains(connector.name(), connector.authType().wireName()));
    }
    assertThat(lines).hasSize(CatalogLoader.load(null).size() + 1);
    assertThat(out.toString()).contains("5000 per hour");
  }

  @Test
  void listIncludesADirectoryMergedOverTheBuiltInCatalog() {
    assertThat(run("catalog", "list", fixture("valid").toString())).isZero();

    assertThat(out.toString()).containsPattern("(?m)^acme +Acme CRM +oauth2 +crm +100 per minute$");
  }

  @Test
  void listRefusesABrokenCatalogNamingTheProblem() {
    Path dir = fixture("missing-source");

    assertThat(run("catalog", "list", dir.toString())).isEqualTo(1);

    assertThat(err.toString()).contains(dir.resolve("acme.yaml") + ": field rateLimit.source: is required");
    assertThat(out.toString()).isEmpty();
  }
}
