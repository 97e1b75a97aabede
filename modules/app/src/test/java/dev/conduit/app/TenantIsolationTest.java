package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Owner B cannot tell A's connection from one that does not exist, whatever B tries. */
class TenantIsolationTest extends OneServerPerClass {
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");
  private String alicesConnection;
  private String missing;

  @BeforeEach
  void seed() {
    alicesConnection = conduit.createConnection(alice, "github");
    conduit.deposit(alice, alicesConnection, "{\"kind\":\"oauth2\",\"accessToken\":\"alice-only\",\"expiresIn\":3600}");
    missing = UUID.randomUUID().toString();
  }

  @Test
  void get() {
    assertSameAsMissing("GET", "", null);
  }

  @Test
  void vend() {
    assertSameAsMissing("POST", "/vend", null);
  }

  @Test
  void deposit() {
    assertSameAsMissing("PUT", "/credential",
        "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"oauth2\",\"accessToken\":\"bobs\"}}}");
  }

  @Test
  void revoke() {
    assertSameAsMissing("POST", "/revoke", null);
  }

  @Test
  void delete() {
    assertSameAsMissing("DELETE", "", null);
  }

  @Test
  void listShowsOnlyTheCallersConnections() {
    String bobs = conduit.createConnection(bob, "stripe");

    assertThat(ids(conduit.call("GET", "/api/connections", bob, null))).containsExactly(bobs);
    assertThat(ids(conduit.call("GET", "/api/connections", alice, null))).containsExactly(alicesConnection);
    assertThat(ids(conduit.call("GET", "/api/connections?filter%5Bconnector%5D=github", bob, null))).isEmpty();
  }

  /** Bob's attempt on Alice's connection answers exactly as an unknown id does, and changes nothing. */
  private void assertSameAsMissing(String method, String suffix, String body) {
    String before = Sql.dump();

    TestConduit.Response foreign = conduit.call(method, "/api/connections/" + alicesConnection + suffix, bob, body);
    TestConduit.Response unknown = conduit.call(method, "/api/connections/" + missing + suffix, bob, body);

    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(unknown.body());
    assertThat(foreign.headers().keySet()).isEqualTo(unknown.headers().keySet());
    assertThat(foreign.body()).doesNotContain("alice-only");
    assertThat(Sql.dump()).isEqualTo(before);
    assertThat(conduit.vend(alice, alicesConnection).json().getJsonObject("data").getJsonObject("attributes")
        .getString("accessToken")).isEqualTo("alice-only");
  }

  private static java.util.List<String> ids(TestConduit.Response response) {
    return response.json().getJsonArray("data").stream().map(o -> ((JsonObject) o).getString("id")).toList();
  }
}
