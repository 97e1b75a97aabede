package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CatalogApiTest {

  private static TestConduit conduit;

  @BeforeAll
  static void start() {
    conduit = TestConduit.start(Map.of(
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_ID", "gh-client",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET", "gh-very-secret-value"));
  }

  @AfterAll
  static void stop() {
    conduit.close();
  }

  @Test
  void listsTheWholeCatalogSortedByIdWithoutAuthentication() {
    TestConduit.Response response = conduit.get("/api/connectors");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.header("Content-Type")).isEqualTo("application/vnd.api+json");
    JsonArray data = response.json().getJsonArray("data");
    assertThat(data.size()).isGreaterThanOrEqualTo(30).isEqualTo(response.json().getJsonObject("meta").getInteger("count"));
    assertThat(data.stream().map(o -> ((JsonObject) o).getString("id")).toList()).isSorted();
    JsonObject first = data.getJsonObject(0);
    assertThat(first.getString("type")).isEqualTo("connectors");
    assertThat(first.getJsonObject("links").getString("self")).isEqualTo("/api/connectors/" + first.getString("id"));
  }

  @Test
  void filtersByAuthType() {
    JsonArray data = conduit.get("/api/connectors?filter%5BauthType%5D=api_key").json().getJsonArray("data");

    assertThat(data).isNotEmpty();
    assertThat(data.stream().map(o -> ((JsonObject) o).getJsonObject("attributes").getString("authType")))
        .containsOnly("api_key");
  }

  @Test
  void filtersByTextInIdOrName() {
    JsonArray data = conduit.get("/api/connectors?filter%5Bq%5D=GIT").json().getJsonArray("data");

    assertThat(data.stream().map(o -> ((JsonObject) o).getString("id"))).containsExactly("github", "gitlab");
  }

  @Test
  void showsOneConnectorWithItsOAuthEndpointsAndWhetherItIsConfigured() {
    TestConduit.Response response = conduit.get("/api/connectors/github");

    assertThat(response.status()).isEqualTo(200);
    JsonObject attributes = response.json().getJsonObject("data").getJsonObject("attributes");
    assertThat(attributes.getString("authType")).isEqualTo("oauth2");
    assertThat(attributes.getJsonObject("oauth").getString("tokenUrl"))
        .isEqualTo("https://github.com/login/oauth/access_token");
    assertThat(attributes.getJsonObject("rateLimit").getInteger("limit")).isEqualTo(5000);
    assertThat(attributes.getBoolean("configured")).isTrue();
    assertThat(response.body()).doesNotContain("gh-very-secret-value").doesNotContain("gh-client");

    assertThat(conduit.get("/api/connectors/gitlab").json().getJsonObject("data")
        .getJsonObject("attributes").getBoolean("configured")).isFalse();
  }

  @Test
  void anUnknownConnectorIsAJsonApiNotFound() {
    TestConduit.Response response = conduit.get("/api/connectors/does-not-exist");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type")).isEqualTo("application/vnd.api+json");
    assertThat(response.error().getString("status")).isEqualTo("404");
    assertThat(response.error().getString("code")).isEqualTo("not_found");
  }

  @Test
  void aBadFilterValueNamesTheParameter() {
    TestConduit.Response response = conduit.get("/api/connectors?filter%5BauthType%5D=oauth1");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error().getString("code")).isEqualTo("validation_failed");
    assertThat(response.error().getJsonObject("source").getString("parameter")).isEqualTo("filter[authType]");
  }

  @Test
  void anUnknownQueryParameterIsRejected() {
    TestConduit.Response response = conduit.get("/api/connectors?filter%5Bname%5D=git");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error().getJsonObject("source").getString("parameter")).isEqualTo("filter[name]");
  }
}
