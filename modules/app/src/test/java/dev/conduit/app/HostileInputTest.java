package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Input built to break storage, tokens or logs: each is a clear 4xx that changes nothing, and a secret comes back
 * byte for byte or is refused.
 */
class HostileInputTest extends OneServerPerClass {

  private static final String CONNECTIONS = "/api/connections";
  private static final String ALICE = TestConduit.token("alice");
  private String connectionId;

  @BeforeEach
  void seed() {
    connectionId = conduit.createConnection(ALICE, "github");
    conduit.deposit(ALICE, connectionId, "{\"kind\":\"oauth2\",\"accessToken\":\"keep-me\",\"expiresIn\":3600}");
  }

  static Stream<Arguments> unstorableConnections() {
    return Stream.of(
        Arguments.of("NUL in the label", "{\"connector\":\"github\",\"label\":\"a\\u0000b\"}",
            "/data/attributes/label"),
        Arguments.of("lone high surrogate in the label", "{\"connector\":\"github\",\"label\":\"a\\ud800b\"}",
            "/data/attributes/label"),
        Arguments.of("lone low surrogate at the end of the label", "{\"connector\":\"github\",\"label\":\"a\\udc00\"}",
            "/data/attributes/label"),
        Arguments.of("NUL in a metadata value", "{\"connector\":\"github\",\"metadata\":{\"user\":\"\\u0000\"}}",
            "/data/attributes/metadata/user"),
        Arguments.of("NUL in a metadata key", "{\"connector\":\"github\",\"metadata\":{\"a\\u0000\":\"x\"}}",
            "/data/attributes/metadata/a\u0000"),
        Arguments.of("NUL in a nested metadata array", "{\"connector\":\"github\",\"metadata\":{\"l\":[\"ok\",\"\\u0000\"]}}",
            "/data/attributes/metadata/l/1"),
        Arguments.of("metadata 1e400", "{\"connector\":\"github\",\"metadata\":{\"n\":1e400}}",
            "/data/attributes/metadata/n"),
        Arguments.of("metadata -1e400", "{\"connector\":\"github\",\"metadata\":{\"n\":-1e400}}",
            "/data/attributes/metadata/n"),
        Arguments.of("NUL in the connector name", "{\"connector\":\"git\\u0000hub\"}", "/data/attributes/connector"));
  }

  @ParameterizedTest(name = "create: {0}")
  @MethodSource("unstorableConnections")
  void anUnstorableConnectionIsRefusedWithAPointer(String why, String attributes, String pointer) {
    String before = Sql.dump();

    TestConduit.Response response = conduit.call("POST", CONNECTIONS, ALICE,
        "{\"data\":{\"type\":\"connections\",\"attributes\":" + attributes + "}}");

    assertError(response, 400, "validation_failed", pointer);
    assertThat(Sql.dump()).isEqualTo(before);
  }

  @ParameterizedTest(name = "filter[connector]={0}")
  @ValueSource(strings = {"git%00hub", "github%0D%0A", "%ED%A0%80", "GitHub"})
  void aConnectorFilterThatIsNoConnectorIdIsRefused(String filter) {
    TestConduit.Response response = conduit.call("GET", CONNECTIONS + "?filter%5Bconnector%5D=" + filter, ALICE, null);

    assertThat(response.status()).as(response.body()).isEqualTo(400);
    assertThat(response.error().getString("code")).isEqualTo("validation_failed");
    assertThat(response.error().getJsonObject("source").getString("parameter")).isEqualTo("filter[connector]");
  }

  static Stream<Arguments> malformedUtf8() {
    return Stream.of(
        Arguments.of("overlong slash (C0 AF)", new byte[] {(byte) 0xC0, (byte) 0xAF}),
        Arguments.of("overlong three-byte form of A", new byte[] {(byte) 0xE0, (byte) 0x81, (byte) 0x81}),
        Arguments.of("encoded surrogate (CESU)", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}),
        Arguments.of("cut-off sequence", new byte[] {(byte) 0xE2, (byte) 0x82}),
        Arguments.of("stray continuation byte", new byte[] {(byte) 0x80}),
        Arguments.of("Latin-1 byte", new byte[] {(byte) 0xE9}));
  }

  @ParameterizedTest(name = "create: {0}")
  @MethodSource("malformedUtf8")
  void aBodyThatIsNotStrictUtf8IsMalformed(String why, byte[] bad) {
    String before = Sql.dump();

    TestConduit.Response response = post(CONNECTIONS, "application/vnd.api+json",
        bytes("{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"github\",\"label\":\"a", bad, "\"}}}"));

    assertError(response, 400, "malformed_json", null);
    assertThat(Sql.dump()).isEqualTo(before);
  }

  static Stream<Arguments> unstorableDeposits() {
    return Stream.of(
        Arguments.of("lone surrogate in the access token", "{\"kind\":\"oauth2\",\"accessToken\":\"tok\\ud83d\"}",
            "/data/attributes/accessToken"),
        Arguments.of("NUL in the access token", "{\"kind\":\"oauth2\",\"accessToken\":\"tok\\u0000en\"}",
            "/data/attributes/accessToken"),
        Arguments.of("lone surrogate in the refresh token",
            "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"refreshToken\":\"\\udfff\"}", "/data/attributes/refreshToken"),
        Arguments.of("NUL in a scope", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"scopes\":[\"repo\",\"\\u0000\"]}",
            "/data/attributes/scopes/1"),
        Arguments.of("CRLF in the token type",
            "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"tokenType\":\"Bearer\\r\\nX-Injected: 1\"}",
            "/data/attributes/tokenType"),
        Arguments.of("a space in the token type", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"tokenType\":\"Bearer x\"}",
            "/data/attributes/tokenType"),
        Arguments.of("a quote in the token type", "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"tokenType\":\"Be\\\"arer\"}",
            "/data/attributes/tokenType"));
  }

  @ParameterizedTest(name = "deposit: {0}")
  @MethodSource("unstorableDeposits")
  void anUnstorableDepositIsRefusedWithAPointer(String why, String attributes, String pointer) {
    String before = Sql.dump();

    assertError(conduit.deposit(ALICE, connectionId, attributes), 400, "validation_failed", pointer);

    assertThat(Sql.dump()).isEqualTo(before);
    assertThat(vendedAttributes().getString("accessToken")).isEqualTo("keep-me");
  }

  @Test
  void aRefusedSecretIsNotQuotedInTheError() {
    TestConduit.Response response = conduit.deposit(ALICE, connectionId,
        "{\"kind\":\"oauth2\",\"accessToken\":\"s3cr3t\\ud83d\\u0041\"}");

    assertError(response, 400, "validation_failed", "/data/attributes/accessToken");
    assertThat(response.body().toLowerCase(Locale.ROOT)).doesNotContain("s3cr3t").doesNotContain("d83d");
  }

  @Test
  void aTokenOfUnusualButValidUnicodeComesBackByteForByte() {
    // non-BMP (emoji, mathematical letters), a ZWJ sequence, combining marks in both normal forms, RTL text
    String token = "🔑𝔘𝔫𝔦-👩‍👩‍👧‍👦-é-e\u0301-שלום-\u200b-\uFEFF-\uFFFD";
    String refresh = "r-\uD83D\uDE00";

    TestConduit.Response deposited = conduit.deposit(ALICE, connectionId, new JsonObject().put("kind", "oauth2")
        .put("accessToken", token).put("refreshToken", refresh).put("tokenType", "DPoP").put("expiresIn", 3600)
        .encode());
    assertThat(deposited.status()).as(deposited.body()).isBetween(200, 201);
    JsonObject vended = vendedAttributes();

    assertThat(vended.getString("accessToken").getBytes(StandardCharsets.UTF_8))
        .isEqualTo(token.getBytes(StandardCharsets.UTF_8));
    assertThat(vended.getString("tokenType")).isEqualTo("DPoP");
  }

  @Test
  void escapedNonBmpCharactersAreKeptInLabelsAndMetadata() {
    TestConduit.Response created = conduit.call("POST", CONNECTIONS, ALICE, """
        {"data":{"type":"connections","attributes":{"connector":"github","label":"\\ud83d\\udd11 keys",
        "metadata":{"\\ud835\\udd18":"\\ud83d\\ude00","big":99999999999999999999,"small":1e-300}}}}""");

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject attributes = conduit.call("GET", CONNECTIONS + "/" + created.json().getJsonObject("data").getString("id"),
        ALICE, null).json().getJsonObject("data").getJsonObject("attributes");
    assertThat(attributes.getString("label")).isEqualTo("🔑 keys");
    assertThat(attributes.getJsonObject("metadata").getString("𝔘")).isEqualTo("😀");
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(strings = {
      "application/vnd.api+json; ext=\"https://jsonapi.org/ext/atomic\"",
      "application/vnd.api+json;ext=https://example.com/ext",
      "application/vnd.api+json; version=1.1",
      "application/vnd.api+json; charset=iso-8859-1",
      "application/json; charset=utf-16"})
  void theJsonApiMediaTypeWithAnExtensionOrAnUnknownParameterOrCharsetIs415(String contentType) {
    String before = Sql.dump();

    TestConduit.Response response = post(CONNECTIONS, contentType,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"github\"}}}".getBytes(StandardCharsets.UTF_8));

    assertError(response, 415, "unsupported_media_type", null);
    assertThat(Sql.dump()).isEqualTo(before);
  }

  @ParameterizedTest(name = "Content-Type: {0}")
  @ValueSource(strings = {"application/vnd.api+json; profile=\"https://example.com/profile\"",
      "application/vnd.api+json; charset=UTF-8", "application/vnd.api+json; charset=\"utf-8\"",
      "application/json; charset=utf-8"})
  void profilesAndAUtf8CharsetAreAccepted(String contentType) {
    TestConduit.Response response = post(CONNECTIONS, contentType,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"github\"}}}".getBytes(StandardCharsets.UTF_8));

    assertThat(response.status()).as(response.body()).isEqualTo(201);
  }

  static Stream<Arguments> unusableTokens() {
    long hour = System.currentTimeMillis() / 1000 + 3600;
    return Stream.of(
        Arguments.of("exp 1e400", "{\"sub\":\"alice\",\"exp\":1e400}"),
        Arguments.of("exp after the year 9999", "{\"sub\":\"alice\",\"exp\":1e20}"),
        Arguments.of("NUL in the owner", "{\"sub\":\"ali\\u0000ce\",\"exp\":" + hour + "}"),
        Arguments.of("lone surrogate in the owner", "{\"sub\":\"alice\\ud800\",\"exp\":" + hour + "}"),
        Arguments.of("newline in the owner", "{\"sub\":\"alice\\n2026 ERROR forged\",\"exp\":" + hour + "}"),
        Arguments.of("DEL in the owner", "{\"sub\":\"alice\\u007f\",\"exp\":" + hour + "}"));
  }

  @ParameterizedTest(name = "JWT: {0}")
  @MethodSource("unusableTokens")
  void aSignedTokenWithAnUnusableClaimIs401(String why, String claims) {
    String before = Sql.dump();

    TestConduit.Response response = conduit.call("POST", CONNECTIONS, hs256(claims),
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"github\"}}}");

    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.error().getString("code")).isEqualTo("unauthorized");
    assertThat(Sql.dump()).isEqualTo(before);
  }

  @Test
  void anOwnerClaimWithAQuoteCannotForgeAKeyValuePairInTheLog() {
    String mallory = TestConduit.token("mallory\" outcome=\"forged");
    TestConduit.Response session = conduit.call("POST", "/api/connect-sessions", mallory,
        "{\"data\":{\"type\":\"connect-sessions\",\"attributes\":{\"connectors\":[\"stripe\"]}}}");
    assertThat(session.status()).as(session.body()).isEqualTo(201);
    String page = URI.create(session.json().getJsonObject("data").getJsonObject("attributes")
        .getString("url")).getPath();

    try (LogCapture log = new LogCapture()) {
      // the connect page logs the owner of the connection it made
      assertThat(ConnectForm.open(conduit, page).post(page, Map.of("connector", "stripe", "apiKey", "k")).status())
          .isEqualTo(200);

      Wait.patiently().until(() -> log.text().contains("connected through a connect session"));
      String line = log.text().lines().filter(l -> l.contains("connected through a connect session")).findFirst()
          .orElseThrow();
      assertThat(line).contains("owner=\"mallory\\\" outcome=\\\"forged\"");
      assertThat(line).doesNotContain("outcome=\"forged\"");
    }
  }

  private JsonObject vendedAttributes() {
    TestConduit.Response vended = conduit.vend(ALICE, connectionId);
    assertThat(vended.status()).as(vended.body()).isEqualTo(200);
    return vended.json().getJsonObject("data").getJsonObject("attributes");
  }

  private static TestConduit.Response post(String path, String contentType, byte[] body) {
    return conduit.send(HttpRequest.newBuilder(conduit.uri(path))
        .header("Authorization", "Bearer " + ALICE)
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
  }

  private static byte[] bytes(String before, byte[] middle, String after) {
    byte[] head = before.getBytes(StandardCharsets.UTF_8);
    byte[] tail = after.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[head.length + middle.length + tail.length];
    System.arraycopy(head, 0, all, 0, head.length);
    System.arraycopy(middle, 0, all, head.length, middle.length);
    System.arraycopy(tail, 0, all, head.length + middle.length, tail.length);
    return all;
  }

  /** A token signed with the server's secret whose claims are exactly {@code claims} (raw JSON text). */
  private static String hs256(String claims) {
    Base64.Encoder base64 = Base64.getUrlEncoder().withoutPadding();
    String signingInput = base64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
        + "." + base64.encodeToString(claims.getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(TestConduit.HS256_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return signingInput + "." + base64.encodeToString(mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void assertError(TestConduit.Response response, int status, String code, String pointer) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo("application/vnd.api+json");
    JsonObject error = response.error();
    assertThat(error.getString("code")).as(response.body()).isEqualTo(code);
    if (pointer != null) {
      assertThat(response.json().getJsonArray("errors").stream()
          .map(e -> ((JsonObject) e).getJsonObject("source", new JsonObject()).getString("pointer")))
          .as(response.body()).contains(pointer);
    }
  }
}
