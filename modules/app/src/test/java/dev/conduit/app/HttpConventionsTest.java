package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What every response has in common: request ids, JSON:API error shapes, body limits. */
class HttpConventionsTest {

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
  void everyResponseCarriesARequestId() {
    assertThat(conduit.get("/api/connectors").header("X-Request-Id")).matches("[0-9a-f]{30}");
    assertThat(conduit.get("/no/such/route").header("X-Request-Id")).matches("[0-9a-f]{30}");
  }

  @Test
  void aPlainRequestIdFromTheCallerIsEchoed() {
    TestConduit.Response response = conduit.send(java.net.http.HttpRequest.newBuilder(conduit.uri("/health/live"))
        .header("X-Request-Id", "trace-42.a:b"));

    assertThat(response.header("X-Request-Id")).isEqualTo("trace-42.a:b");
  }

  @Test
  void aRequestIdThatCouldForgeLogLinesIsReplaced() {
    TestConduit.Response response = conduit.send(java.net.http.HttpRequest.newBuilder(conduit.uri("/health/live"))
        .header("X-Request-Id", "x\" level=ERROR msg=\"forged"));

    assertThat(response.header("X-Request-Id")).matches("[0-9a-f]{30}");
  }

  @Test
  void anUnknownRouteIsAJsonApi404() {
    TestConduit.Response response = conduit.get("/api/nothing-here");

    assertThat(response.status()).isEqualTo(404);
    assertThat(response.header("Content-Type")).isEqualTo("application/vnd.api+json");
    assertThat(response.error().getString("code")).isEqualTo("not_found");
    assertThat(response.error().getString("title")).isNotBlank();
  }

  @Test
  void aWrongMethodIsAJsonApi405() {
    TestConduit.Response response = conduit.send("DELETE", "/api/connectors/github", null, null);

    assertThat(response.status()).isEqualTo(405);
    assertThat(response.error().getString("code")).isEqualTo("method_not_allowed");
  }

  @ParameterizedTest(name = "{0} {1} → Allow: {2}")
  @CsvSource(delimiter = '|', value = {
      "DELETE | /api/connectors/github                                                  | GET",
      "PUT    | /api/connections                                                        | POST, GET",
      "POST   | /api/connections/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11                   | GET, PATCH, DELETE",
      "GET    | /api/connections/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11/vend              | POST",
      "GET    | /api/connections/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11/credential        | PUT",
      "DELETE | /api/webhooks                                                           | POST, GET",
      "POST   | /api/events                                                             | GET",
      "DELETE | /api/events/stream                                                      | GET",
      "PATCH  | /api/api-keys                                                           | POST, GET",
      "POST   | /api/api-keys/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11                      | GET, DELETE",
      "OPTIONS | /api/connections/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11/proxy/repos/x/y | GET, POST, PUT, PATCH, DELETE",
      "POST   | /health/live                                                            | GET"})
  void every405SaysInAllowWhichMethodsThePathOffers(String method, String path, String allow) {
    TestConduit.Response response = conduit.call(method, path, TestConduit.token("alice"), null);

    assertThat(response.status()).as(response.body()).isEqualTo(405);
    assertThat(response.error().getString("code")).isEqualTo("method_not_allowed");
    assertThat(Arrays.stream(response.header("Allow").split(", ")).sorted())
        .containsExactlyElementsOf(Arrays.stream(allow.split(", ")).sorted().toList());
    assertThat(response.error().getString("detail")).contains(method);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"%00", "%0A", "5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11%00", "%C3%A9",
      "5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a1%C3%A9", "%E2%80%8B", "not-a-uuid", "5B8F0B6E3C474C1E9A392F8C0E1D7A11"})
  void aPathIdThatIsNoUuidIsAnsweredLikeAnUnknownId(String id) {
    String alice = TestConduit.token("alice");
    String longId = "a".repeat(101);
    for (String path : new String[] {"/api/connections/" + id, "/api/connections/" + longId}) {
      assertSameAs404(conduit.call("GET", path, alice, null),
          conduit.call("GET", "/api/connections/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11", alice, null));
      assertSameAs404(conduit.call("DELETE", path, alice, null),
          conduit.call("DELETE", "/api/connections/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11", alice, null));
      assertSameAs404(conduit.call("POST", path + "/revoke", alice, null),
          conduit.call("POST", "/api/connections/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11/revoke", alice, null));
    }
    for (String path : new String[] {"/api/webhooks/" + id, "/api/webhooks/" + longId}) {
      assertSameAs404(conduit.call("GET", path, alice, null),
          conduit.call("GET", "/api/webhooks/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11", alice, null));
      assertSameAs404(conduit.call("POST", path + "/test", alice, null),
          conduit.call("POST", "/api/webhooks/5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11/test", alice, null));
    }
    assertThat(conduit.get("/api/connectors/" + id).status()).isEqualTo(404);
    assertThat(conduit.get("/api/connectors/" + longId).status()).isEqualTo(404);
  }

  private static void assertSameAs404(TestConduit.Response response, TestConduit.Response unknown) {
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(response.status()).as(response.body()).isEqualTo(404);
    assertThat(response.json().getJsonArray("errors")).isEqualTo(unknown.json().getJsonArray("errors"));
  }

  @Test
  void aMalformedBodyIsAJsonApi400ThatDoesNotEchoTheBody() {
    TestConduit.Response response = post("application/vnd.api+json",
        "{\"data\": {\"attributes\": {\"accessToken\": gho_SECRETSECRET}}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error().getString("code")).isEqualTo("malformed_json");
    assertThat(response.error().getString("detail")).contains("line 1");
    assertThat(response.body()).doesNotContain("gho_SECRETSECRET");
  }

  @Test
  void aRepeatedKeyIsMalformedRatherThanLastOneWins() {
    TestConduit.Response response = post("application/json", "{\"data\": {\"owner\": \"alice\", \"owner\": \"bob\"}}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error().getString("code")).isEqualTo("malformed_json");
    assertThat(response.error().getString("detail")).contains("appears twice");
  }

  @Test
  void trailingContentAfterTheJsonValueIsMalformed() {
    TestConduit.Response response = post("application/json", "{} {}");

    assertThat(response.status()).isEqualTo(400);
    assertThat(response.error().getString("code")).isEqualTo("malformed_json");
  }

  @Test
  void aBodyOver64KibIsAJsonApi413() {
    String body = "{\"data\":\"" + "x".repeat(64 * 1024) + "\"}";

    TestConduit.Response response = conduit.send("POST", "/api/connectors", "application/json", body);

    assertThat(response.status()).isEqualTo(413);
    assertThat(response.error().getString("code")).isEqualTo("payload_too_large");
    assertThat(response.header("X-Request-Id")).isNotBlank();
  }

  @Test
  void aBodyInAnotherMediaTypeIsAJsonApi415() {
    TestConduit.Response response = post("text/plain", "hello");

    assertThat(response.status()).isEqualTo(415);
    assertThat(response.error().getString("code")).isEqualTo("unsupported_media_type");
  }

  @Test
  void anUnauthenticatedBadBodyIsRefusedForTheTokenFirst() {
    TestConduit.Response response = conduit.send("POST", "/api/connections", "application/json", "{not json");

    assertThat(response.status()).isEqualTo(401);
  }

  /** An authenticated POST to a real endpoint, with a body as given. */
  private static TestConduit.Response post(String contentType, String body) {
    return conduit.send(java.net.http.HttpRequest.newBuilder(conduit.uri("/api/connections"))
        .header("Authorization", "Bearer " + TestConduit.token("alice"))
        .header("Content-Type", contentType)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)));
  }

  @Test
  void servesItsOpenApiDocument() {
    TestConduit.Response response = conduit.get("/openapi.yaml");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).startsWith("openapi: 3.1.0").contains("/api/connectors");
  }

  @Test
  void servesPrometheusMetrics() {
    conduit.get("/api/connectors");

    TestConduit.Response response = conduit.get("/metrics");

    assertThat(response.status()).isEqualTo(200);
    assertThat(response.body()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes");
  }

  @Test
  void isLiveAndReady() {
    assertThat(conduit.get("/health/live").status()).isEqualTo(200);
    TestConduit.Response ready = conduit.get("/health/ready");
    assertThat(ready.status()).isEqualTo(200);
    assertThat(ready.json().getString("status")).isEqualTo("UP");
    assertThat(ready.body()).contains("database", "migrations", "vault", "refresh", "notify");
  }
}
