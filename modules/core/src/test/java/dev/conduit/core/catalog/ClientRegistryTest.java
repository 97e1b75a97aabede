package dev.conduit.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClientRegistryTest {

  private static Connector oauth(String id, ClientAuth clientAuth) {
    return new Connector(id, id, AuthType.OAUTH2, List.of(), "https://docs.example",
        new OAuthSettings("https://a.example/authorize", "https://a.example/token", null, null, null, null, null, null,
            clientAuth, null, null),
        new RateLimit(1, 1, "https://docs.example", true, null));
  }

  private final Catalog catalog = Catalog.of(List.of(
      oauth("github", ClientAuth.CLIENT_SECRET_POST),
      oauth("public-app", ClientAuth.NONE),
      oauth("google-workspace", ClientAuth.CLIENT_SECRET_BASIC),
      new Connector("stripe", "Stripe", AuthType.API_KEY, List.of(), "https://docs.example", null,
          new RateLimit(1, 1, "https://docs.example", true, null))));

  @Test
  void readsClientsFromConnectorScopedEnvironmentVariables() {
    ClientRegistry clients = ClientRegistry.fromEnvironment(catalog, Map.of(
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_ID", "gh-id",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET", "gh-secret",
        "CONDUIT_CONNECTOR_GOOGLE_WORKSPACE_CLIENT_ID", "g-id"));

    assertThat(clients.find("github").orElseThrow().clientSecret()).isEqualTo("gh-secret");
    assertThat(clients.isConfigured(catalog.find("github").orElseThrow())).isTrue();
    // a confidential client without its secret cannot exchange codes
    assertThat(clients.isConfigured(catalog.find("google-workspace").orElseThrow())).isFalse();
  }

  @Test
  void publicClientsNeedOnlyAnId() {
    ClientRegistry clients = ClientRegistry.fromEnvironment(catalog, Map.of(
        "CONDUIT_CONNECTOR_PUBLIC_APP_CLIENT_ID", "pub"));

    assertThat(clients.isConfigured(catalog.find("public-app").orElseThrow())).isTrue();
  }

  @Test
  void apiKeyConnectorsNeedNothingFromTheDeployment() {
    assertThat(ClientRegistry.empty().isConfigured(catalog.find("stripe").orElseThrow())).isTrue();
  }

  @Test
  void theSecretFreeViewStillKnowsWhatIsConfigured() {
    ClientRegistry clients = ClientRegistry.fromEnvironment(catalog, Map.of(
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_ID", "gh-id",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET", "gh-secret")).withoutSecrets();

    assertThat(clients.find("github").orElseThrow().clientSecret()).isNull();
    assertThat(clients.isConfigured(catalog.find("github").orElseThrow())).isTrue();
    assertThat(clients.find("github").orElseThrow().toString()).doesNotContain("gh-secret");
  }
}
