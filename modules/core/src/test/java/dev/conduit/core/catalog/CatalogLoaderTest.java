package dev.conduit.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogLoaderTest {

  private static final String VALID_OAUTH = """
      id: acme
      name: Acme
      authType: oauth2
      categories: [crm]
      docsUrl: https://docs.acme.example/oauth
      oauth:
        authorizeUrl: https://acme.example/oauth/authorize
        tokenUrl: https://acme.example/oauth/token
        defaultScopes: [read]
      rateLimit:
        limit: 100
        periodSeconds: 60
        source: https://docs.acme.example/limits
      """;

  @TempDir
  Path dir;

  @Test
  void theBuiltInCatalogHasThirtyValidProvidersOfEveryKind() {
    Catalog catalog = CatalogLoader.load(null);

    assertThat(catalog.size()).isGreaterThanOrEqualTo(30);
    assertThat(catalog.all()).extracting(Connector::id)
        .contains("github", "google", "microsoft", "slack", "salesforce", "stripe", "openai")
        .isSorted();
    assertThat(catalog.filter(AuthType.API_KEY, null)).isNotEmpty();
    assertThat(catalog.filter(AuthType.OAUTH2, null)).allSatisfy(c -> {
      assertThat(c.oauth().tokenUrl()).startsWith("https://");
      assertThat(c.oauth().authorizeUrl()).startsWith("https://");
    });
    assertThat(catalog.all()).allSatisfy(c -> assertThat(c.rateLimit().source()).startsWith("https://"));
  }

  @Test
  void readsAValidFileWithDefaultsFilledIn() throws IOException {
    write("acme.yaml", VALID_OAUTH);

    Connector acme = CatalogLoader.loadDirectory(dir).find("acme").orElseThrow();

    assertThat(acme.oauth().clientAuth()).isEqualTo(ClientAuth.CLIENT_SECRET_BASIC);
    assertThat(acme.oauth().reauthErrors()).containsExactly("invalid_grant");
    assertThat(acme.oauth().scopeSeparator()).isEqualTo(" ");
    assertThat(acme.oauth().pkce()).isFalse();
    assertThat(acme.rateLimit().published()).isTrue();
  }

  @Test
  void aMissingTokenUrlNamesTheFileAndTheField() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("  tokenUrl: https://acme.example/oauth/token\n", ""));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .isInstanceOf(CatalogException.class)
        .hasMessageContaining("acme.yaml: field oauth.tokenUrl: is required");
  }

  @Test
  void anUnknownFieldIsRejectedNotIgnored() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("  pkce: true\n", "").replace("defaultScopes: [read]",
        "defaultScopes: [read]\n  tokenURL: https://typo.example/token"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field oauth.tokenURL: unknown field");
  }

  @Test
  void aWrongTypeSaysWhatWasExpected() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("limit: 100", "limit: lots"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field rateLimit.limit: expected an integer, got 'lots'");
  }

  @Test
  void anUnknownAuthTypeListsTheAllowedValues() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("authType: oauth2", "authType: oauth1"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field authType: expected one of oauth2 | api_key | basic, got 'oauth1'");
  }

  @Test
  void aRepeatedKeyIsAnError() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("name: Acme", "name: Acme\nname: Other"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml")
        .hasMessageContaining("name");
  }

  @Test
  void theIdMustMatchTheFileName() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("id: acme", "id: acme-two"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field id: must equal the file name 'acme', got 'acme-two'");
  }

  @Test
  void plainHttpIsOnlyAcceptedForLoopbackProviders() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("https://acme.example/oauth/token", "http://acme.example/oauth/token"));
    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("field oauth.tokenUrl: expected https");

    write("acme.yaml", VALID_OAUTH.replace("https://acme.example/oauth/token", "http://127.0.0.1:9999/token"));
    assertThat(CatalogLoader.loadDirectory(dir).find("acme").orElseThrow().oauth().tokenUrl())
        .isEqualTo("http://127.0.0.1:9999/token");
  }

  @Test
  void placeholdersForTenantSubdomainsAreAcceptedWhenDeclared() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("https://acme.example/oauth/token", "https://{shop}.acme.example/token")
        .replace("docsUrl:", "placeholders:\n  shop: the shop's name at Acme\ndocsUrl:"));

    assertThat(CatalogLoader.loadDirectory(dir).find("acme").orElseThrow().placeholders())
        .containsOnlyKeys("shop");
  }

  @Test
  void anUndeclaredPlaceholderIsNamedWithItsField() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("https://acme.example/oauth/token", "https://{shop}.acme.example/token"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field oauth.tokenUrl: uses {shop}, which is not declared under placeholders");
  }

  @Test
  void aDeclaredPlaceholderNoUrlUsesIsReported() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("docsUrl:", "placeholders:\n  shop: the shop's name\ndocsUrl:"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field placeholders.shop: is declared but no URL uses {shop}");
  }

  @Test
  void categoriesComeFromTheFixedList() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("categories: [crm]", "categories: [crm, games]"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field categories[1]: expected one of dev-tools | communication | crm");
  }

  @Test
  void aYamlSyntaxErrorNamesTheFieldAndLine() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("tokenUrl: https://acme.example/oauth/token",
        "tokenUrl: https://acme.example/oauth/token: {"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("acme.yaml: field oauth.tokenUrl")
        .hasMessageContaining("not valid YAML");
  }

  @Test
  void anUnpublishedCeilingNeedsANote() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("source: https://docs.acme.example/limits",
        "source: https://docs.acme.example/limits\n  published: false"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("field rateLimit.note: is required when published is false");
  }

  @Test
  void anApiKeyConnectorMayNotCarryAnOAuthSection() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("authType: oauth2", "authType: api_key"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("field oauth: only connectors with authType oauth2 have an oauth section");
  }

  @Test
  void conduitOwnedAuthorizeParametersCannotBeOverridden() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("defaultScopes: [read]",
        "defaultScopes: [read]\n  authorizeParams: {redirect_uri: https://evil.example}"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .hasMessageContaining("field oauth.authorizeParams.redirect_uri: is set by Conduit");
  }

  @Test
  void reportsEveryBadFileAtOnce() throws IOException {
    write("acme.yaml", VALID_OAUTH.replace("name: Acme\n", ""));
    write("other.yaml", VALID_OAUTH.replace("id: acme", "id: other").replace("limit: 100", "limit: 0"));

    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir))
        .isInstanceOfSatisfying(CatalogException.class, e -> assertThat(e.problems()).containsExactly(
            dir + "/acme.yaml: field name: is required",
            dir + "/other.yaml: field rateLimit.limit: expected a positive integer, got 0"));
  }

  @Test
  void anExtraDirectoryAddsAndOverridesBuiltInConnectors() throws IOException {
    write("acme.yaml", VALID_OAUTH);
    write("github.yaml", VALID_OAUTH.replace("id: acme", "id: github").replace("name: Acme", "name: GitHub Enterprise"));

    Catalog catalog = CatalogLoader.load(dir);

    assertThat(catalog.find("acme")).isPresent();
    assertThat(catalog.find("github").orElseThrow().name()).isEqualTo("GitHub Enterprise");
    assertThat(catalog.size()).isEqualTo(CatalogLoader.load(null).size() + 1);
  }

  @Test
  void aMissingExtraDirectoryIsNamed() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> CatalogLoader.load(missing))
        .hasMessageContaining("connectors.dir: '" + missing + "' is not a directory");
  }

  private void write(String name, String content) throws IOException {
    Files.writeString(dir.resolve(name), content);
  }
}
