package dev.conduit.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code api} block of a connector file: how the loader checks it and how metadata fills its base URL. */
class ApiBlockTest {

  private static final String API_KEY = """
      id: acme
      name: Acme
      authType: api_key
      categories: [crm]
      docsUrl: https://docs.acme.example/keys
      placeholders:
        tenant: the account's name at Acme
      api:
        baseUrl: https://{tenant}.api.acme.example/v2
        auth: header:X-Acme-Key
      rateLimit:
        limit: 100
        periodSeconds: 60
        source: https://docs.acme.example/limits
      """;

  private static final String OAUTH = """
      id: acme
      name: Acme
      authType: oauth2
      categories: [crm]
      docsUrl: https://docs.acme.example/oauth
      oauth:
        authorizeUrl: https://acme.example/oauth/authorize
        tokenUrl: https://acme.example/oauth/token
      api:
        baseUrl: https://api.acme.example
      rateLimit:
        limit: 100
        periodSeconds: 60
        source: https://docs.acme.example/limits
      """;

  @TempDir
  Path dir;

  private Connector load(String yaml) throws IOException {
    Files.writeString(dir.resolve("acme.yaml"), yaml);
    return CatalogLoader.loadDirectory(dir).find("acme").orElseThrow();
  }

  private void assertRefused(String yaml, String problem) throws IOException {
    Files.writeString(dir.resolve("acme.yaml"), yaml);
    assertThatThrownBy(() -> CatalogLoader.loadDirectory(dir)).hasMessageContaining("acme.yaml: " + problem);
  }

  @Test
  void readsTheBlockWithItsAuth() throws IOException {
    Connector acme = load(API_KEY);

    assertThat(acme.api().baseUrl()).isEqualTo("https://{tenant}.api.acme.example/v2");
    assertThat(acme.api().auth()).isEqualTo(new ApiAuth.Header("X-Acme-Key"));
  }

  @Test
  void oauthConnectorsSendABearerTokenUnlessTheFileSaysOtherwise() throws IOException {
    assertThat(load(OAUTH).api().auth()).isEqualTo(new ApiAuth.Bearer());
    assertThat(load(OAUTH.replace("baseUrl: https://api.acme.example",
        "baseUrl: https://api.acme.example\n  auth: query:access_token")).api().auth())
        .isEqualTo(new ApiAuth.Query("access_token"));
  }

  @Test
  void anApiKeyConnectorMustSayWhereTheKeyGoes() throws IOException {
    assertRefused(API_KEY.replace("  auth: header:X-Acme-Key\n", ""),
        "field api.auth: is required for api_key connectors: bearer, header:<Name> or query:<param>");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      http://{tenant}.api.acme.example/v2           | expected https
      https://me:pw@{tenant}.api.acme.example/v2    | must not contain user info
      https://{tenant}.api.acme.example/v2?x=1      | must not hold a query string
      https://api-{tenant}.acme.example/v2          | a placeholder in the host must be a whole label
      https://api.acme.{tenant}/v2                  | after its last placeholder the host must end in the provider's own domain
      https://{tenant}.example/v2                   | after its last placeholder the host must end in the provider's own domain
      https://api.acme.example:{tenant}/v2          | a placeholder cannot stand for the port
      https://api.acme.example/v2/x{tenant}         | a placeholder in the path must be a whole segment
      """)
  void aBaseUrlThatCouldLeaveTheProviderIsRefused(String baseUrl, String problem) throws IOException {
    assertRefused(API_KEY.replace("https://{tenant}.api.acme.example/v2", baseUrl), "field api.baseUrl: " + problem);
  }

  @Test
  void everyPlaceholderOfTheBaseUrlIsDeclared() throws IOException {
    assertRefused(API_KEY.replace("/v2", "/{region}/v2"),
        "field api.baseUrl: uses {region}, which is not declared under placeholders");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      token           | expected bearer, header:<Name>, query:<param> or basic, got 'token'
      header:         | expected a header name after 'header:'
      header:Host     | the proxy owns the Host header
      query:a b       | expected a parameter name
      basic           | basic needs a username and password
      """)
  void anAuthThatCannotWorkIsRefused(String auth, String problem) throws IOException {
    assertRefused(API_KEY.replace("auth: header:X-Acme-Key", "auth: '" + auth + "'"), "field api.auth: " + problem);
  }

  @Test
  void aBasicConnectorSendsBasic() throws IOException {
    String basic = API_KEY.replace("authType: api_key", "authType: basic");

    assertRefused(basic, "field api.auth: a basic connector's credential is a username and password");
    assertThat(load(basic.replace("  auth: header:X-Acme-Key\n", "")).api().auth()).isEqualTo(new ApiAuth.Basic());
  }

  @Test
  void metadataFillsAHostLabelOrAPathSegment() {
    assertThat(ApiBaseUrl.fill("https://{tenant}.api.acme.example/v2/{account}",
        Map.of("tenant", "globex", "account", "ac_123.x")))
        .isEqualTo("https://globex.api.acme.example/v2/ac_123.x");
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      evil.example/x
      evil.example
      globex.evil.example#
      globex@evil.example
      -globex
      ''
      """)
  void metadataCannotLeadTheHostElsewhere(String tenant) {
    assertThatThrownBy(() -> ApiBaseUrl.fill("https://{tenant}.api.acme.example/v2", Map.of("tenant", tenant)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("metadata.tenant must be one host label");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      ..
      .
      a/../b
      a?b
      '%2e%2e'
      """)
  void metadataCannotLeaveItsPathSegment(String account) {
    assertThatThrownBy(() -> ApiBaseUrl.fill("https://api.acme.example/v2/{account}", Map.of("account", account)))
        .hasMessageContaining("metadata.account must be one path segment");
  }

  @Test
  void missingMetadataIsNamed() {
    assertThatThrownBy(() -> ApiBaseUrl.fill("https://{tenant}.api.acme.example", Map.of()))
        .hasMessageContaining("metadata.tenant");
  }
}
