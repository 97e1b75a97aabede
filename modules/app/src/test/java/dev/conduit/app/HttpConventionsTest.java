package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

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
