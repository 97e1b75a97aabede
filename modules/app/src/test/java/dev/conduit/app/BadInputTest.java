package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Each bad input gets a specific error pointing at the field, and leaves the database exactly as it was. */
class BadInputTest extends OneServerPerClass {
  private static final String ALICE = TestConduit.token("alice");
  private String connectionId;
  private String before;

  @BeforeEach
  void seed() {
    connectionId = conduit.createConnection(ALICE, "github");
    conduit.deposit(ALICE, connectionId, "{\"kind\":\"oauth2\",\"accessToken\":\"keep-me\",\"expiresIn\":3600}");
    before = Sql.dump();
  }

  @AfterEach
  void nothingChanged() {
    assertThat(Sql.dump()).isEqualTo(before);
  }

  static Stream<Arguments> badConnections() {
    return Stream.of(
        Arguments.of("owner is not an attribute", """
            {"data":{"type":"connections","attributes":{"connector":"github","owner":"bob"}}}""",
            400, "validation_failed", "/data/attributes/owner"),
        Arguments.of("unknown attribute", """
            {"data":{"type":"connections","attributes":{"connector":"github","colour":"red"}}}""",
            400, "validation_failed", "/data/attributes/colour"),
        Arguments.of("client-chosen id", """
            {"data":{"type":"connections","id":"x","attributes":{"connector":"github"}}}""",
            400, "validation_failed", "/data/id"),
        Arguments.of("label over 200 characters", """
            {"data":{"type":"connections","attributes":{"connector":"github","label":"%s"}}}""".formatted("x".repeat(201)),
            400, "validation_failed", "/data/attributes/label"),
        Arguments.of("label of the wrong type", """
            {"data":{"type":"connections","attributes":{"connector":"github","label":42}}}""",
            400, "validation_failed", "/data/attributes/label"),
        Arguments.of("metadata not an object", """
            {"data":{"type":"connections","attributes":{"connector":"github","metadata":["a"]}}}""",
            400, "validation_failed", "/data/attributes/metadata"),
        Arguments.of("metadata over 8 KiB", """
            {"data":{"type":"connections","attributes":{"connector":"github","metadata":{"blob":"%s"}}}}"""
            .formatted("x".repeat(8200)), 400, "validation_failed", "/data/attributes/metadata"),
        Arguments.of("missing connector", """
            {"data":{"type":"connections","attributes":{"label":"x"}}}""",
            400, "validation_failed", "/data/attributes/connector"),
        Arguments.of("unknown connector", """
            {"data":{"type":"connections","attributes":{"connector":"nope"}}}""",
            422, "unknown_connector", "/data/attributes/connector"),
        Arguments.of("wrong resource type", """
            {"data":{"type":"widgets","attributes":{"connector":"github"}}}""",
            409, "conflict", "/data/type"),
        Arguments.of("duplicate keys", """
            {"data":{"type":"connections","attributes":{"connector":"github","connector":"stripe"}}}""",
            400, "malformed_json", null),
        Arguments.of("malformed JSON", "{\"data\":{\"type\":\"connections\",", 400, "malformed_json", null),
        Arguments.of("not an object", "[1,2,3]", 400, "validation_failed", null),
        Arguments.of("over 64 KiB", "{\"data\":\"" + "x".repeat(70_000) + "\"}", 413, "payload_too_large", null));
  }

  @ParameterizedTest(name = "create: {0}")
  @MethodSource("badConnections")
  void aBadConnectionIsRefused(String why, String body, int status, String code, String pointer) {
    assertError(conduit.call("POST", "/api/connections", ALICE, body), status, code, pointer);
  }

  static Stream<Arguments> badDeposits() {
    return Stream.of(
        Arguments.of("unknown attribute", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"owner\":\"bob\"}",
            400, "validation_failed", "/data/attributes/owner"),
        Arguments.of("missing kind", "{\"accessToken\":\"a\"}", 400, "validation_failed", "/data/attributes/kind"),
        Arguments.of("unknown kind", "{\"kind\":\"saml\",\"accessToken\":\"a\"}",
            400, "validation_failed", "/data/attributes/kind"),
        Arguments.of("missing access token", "{\"kind\":\"oauth2\",\"refreshToken\":\"r\"}",
            400, "validation_failed", "/data/attributes/accessToken"),
        Arguments.of("empty access token", "{\"kind\":\"oauth2\",\"accessToken\":\"\"}",
            400, "validation_failed", "/data/attributes/accessToken"),
        Arguments.of("token over 16384 characters", "{\"kind\":\"oauth2\",\"accessToken\":\"" + "t".repeat(16385) + "\"}",
            400, "validation_failed", "/data/attributes/accessToken"),
        Arguments.of("api key attribute on oauth2", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"apiKey\":\"k\"}",
            400, "validation_failed", "/data/attributes/apiKey"),
        Arguments.of("both expiries", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":60,"
            + "\"expiresAt\":\"2030-01-01T00:00:00Z\"}", 400, "validation_failed", "/data/attributes/expiresIn"),
        Arguments.of("expiry not a timestamp", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresAt\":\"tomorrow\"}",
            400, "validation_failed", "/data/attributes/expiresAt"),
        Arguments.of("expiresIn as a string", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":\"3600\"}",
            400, "validation_failed", "/data/attributes/expiresIn"),
        Arguments.of("expiresIn zero", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":0}",
            400, "validation_failed", "/data/attributes/expiresIn"),
        Arguments.of("expiresIn negative", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":-5}",
            400, "validation_failed", "/data/attributes/expiresIn"),
        Arguments.of("expiresIn beyond 64 bits", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":99999999999999999999}",
            400, "validation_failed", "/data/attributes/expiresIn"),
        Arguments.of("expiresIn infinite", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":1e400}",
            400, "validation_failed", "/data/attributes/expiresIn"),
        Arguments.of("expiresIn fractional", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":1.5}",
            400, "validation_failed", "/data/attributes/expiresIn"),
        Arguments.of("scopes not strings", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"scopes\":[1]}",
            400, "validation_failed", "/data/attributes/scopes/0"),
        Arguments.of("kind does not match connector", "{\"kind\":\"api_key\",\"apiKey\":\"k\"}",
            422, "kind_mismatch", "/data/attributes/kind"));
  }

  @ParameterizedTest(name = "deposit: {0}")
  @MethodSource("badDeposits")
  void aBadDepositIsRefused(String why, String attributes, int status, String code, String pointer) {
    TestConduit.Response response = conduit.deposit(ALICE, connectionId, attributes);

    assertError(response, status, code, pointer);
    assertThat(conduit.vend(ALICE, connectionId).json().getJsonObject("data").getJsonObject("attributes")
        .getString("accessToken")).isEqualTo("keep-me");
  }

  private static void assertError(TestConduit.Response response, int status, String code, String pointer) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/vnd.api+json");
    JsonObject error = response.error();
    assertThat(error.getString("code")).isEqualTo(code);
    assertThat(error.getString("status")).isEqualTo(Integer.toString(status));
    if (pointer != null) {
      assertThat(response.json().getJsonArray("errors").stream()
          .map(e -> ((JsonObject) e).getJsonObject("source", new JsonObject()).getString("pointer")))
          .as(response.body()).contains(pointer);
    }
  }
}
