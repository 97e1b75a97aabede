package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.catalog.Category;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Locale;
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

    // the catalog grows, so other ids holding "git" (digitalocean) may match too: every match must hold it
    assertThat(data.stream().map(o -> ((JsonObject) o).getString("id"))).contains("github", "gitlab");
    assertThat(data.stream().map(o -> (JsonObject) o)).allSatisfy(o -> assertThat(
        (o.getString("id") + " " + o.getJsonObject("attributes").getString("name")).toLowerCase(Locale.ROOT)).contains("git"));
    assertThat(conduit.get("/api/connectors?filter%5Bq%5D=GITLAB").json().getJsonArray("data").stream()
        .map(o -> ((JsonObject) o).getString("id"))).containsExactly("gitlab");
  }

  @Test
  void filtersByCategory() {
    JsonArray data = conduit.get("/api/connectors?filter%5Bcategory%5D=crm").json().getJsonArray("data");

    assertThat(data.stream().map(o -> ((JsonObject) o).getString("id"))).contains("salesforce", "hubspot", "pipedrive");
    assertThat(data.stream().map(o -> ((JsonObject) o).getJsonObject("attributes").getJsonArray("categories")))
        .allSatisfy(categories -> assertThat(categories.getList()).contains("crm"));
  }

  @Test
  void metaCountsEachCategoryAmongTheConnectorsMatchingTheOtherFilters() {
    JsonObject all = conduit.get("/api/connectors").json();
    JsonObject counts = all.getJsonObject("meta").getJsonObject("categories");

    Map<String, Integer> expected = new LinkedHashMap<>();
    all.getJsonArray("data").forEach(o -> ((JsonObject) o).getJsonObject("attributes").getJsonArray("categories")
        .forEach(c -> expected.merge((String) c, 1, Integer::sum)));
    assertThat(counts.getMap()).isEqualTo(expected);
    assertThat(counts.getInteger("dev-tools")).isGreaterThanOrEqualTo(3);
    // the counts of a page showing one category still tell how many each other category holds
    JsonObject crm = conduit.get("/api/connectors?filter%5Bcategory%5D=crm").json();
    assertThat(crm.getJsonObject("meta").getJsonObject("categories")).isEqualTo(counts);
    assertThat(crm.getJsonObject("meta").getInteger("count")).isEqualTo(counts.getInteger("crm"));
    // other filters do narrow the counts
    JsonObject gitlab = conduit.get("/api/connectors?filter%5Bq%5D=gitlab").json().getJsonObject("meta");
    assertThat(gitlab.getJsonObject("categories").getMap()).containsOnly(Map.entry("dev-tools", 1));
  }

  @Test
  void everyCategoryOfTheFixedListIsAFilterAndNoOtherIs() {
    for (Category category : Category.values()) {
      assertThat(conduit.get("/api/connectors?filter%5Bcategory%5D=" + category.wireName()).status())
          .as(category.wireName()).isEqualTo(200);
    }

    TestConduit.Response response = conduit.get("/api/connectors?filter%5Bcategory%5D=games");
    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error().getString("code")).isEqualTo("validation_failed");
    assertThat(response.error().getJsonObject("source").getString("parameter")).isEqualTo("filter[category]");
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
    assertThat(attributes.getJsonObject("api")).isEqualTo(new JsonObject().put("baseUrl", "https://api.github.com"));
    assertThat(attributes.getBoolean("configured")).isTrue();
    assertThat(response.body()).doesNotContain("gh-very-secret-value").doesNotContain("gh-client");

    JsonObject gitlab = conduit.get("/api/connectors/gitlab").json().getJsonObject("data").getJsonObject("attributes");
    assertThat(gitlab.getBoolean("configured")).isFalse();
    // the Bot API puts its token in the URL path, which no proxy credential placement covers: no api block
    JsonObject telegram = conduit.get("/api/connectors/telegram").json().getJsonObject("data");
    assertThat(telegram.getJsonObject("attributes").containsKey("api")).isFalse();
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
