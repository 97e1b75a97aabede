package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code GET /} tells a person or a program what this server is and where its contract is, instead of a 404. */
class HomePageTest {

  private static TestConduit conduit;

  @BeforeAll
  static void start() {
    conduit = TestConduit.start();
  }

  @AfterAll
  static void stop() {
    conduit.close();
  }

  @Test
  void aBrowserGetsAPageLinkingTheContractWithTheSecurityHeaders() {
    TestConduit.Response page = conduit.send(HttpRequest.newBuilder(conduit.uri("/"))
        .header("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8").GET());

    assertThat(page.status()).isEqualTo(200);
    assertThat(page.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.body()).contains("<title>Conduit</title>", "href=\"/openapi.yaml\"", "README.md")
        .doesNotContain("<script");
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(conduit.get("/").body()).isEqualTo(page.body());
  }

  @Test
  void aProgramAskingForJsonGetsJson() {
    for (String accept : new String[] {"application/json", "application/vnd.api+json", "text/html;q=0.5, application/json"}) {
      TestConduit.Response answer = conduit.send(HttpRequest.newBuilder(conduit.uri("/")).header("Accept", accept).GET());

      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.header("Content-Type")).as(accept).isEqualTo("application/json");
      assertThat(answer.json()).isEqualTo(new JsonObject().put("name", "Conduit").put("openapi", "/openapi.yaml")
          .put("docs", "README.md in the Conduit source repository"));
    }
  }

  @Test
  void theContractItLinksIsServed() {
    assertThat(conduit.get("/openapi.yaml").status()).isEqualTo(200);
  }
}
