package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /api/connect-sessions} on a whole server configured as an operator would: a public URL, one allowed
 * redirect origin, GitHub's OAuth client set, and a low limit of pending sessions.
 */
class ConnectSessionsApiTest {

  private static final String PUBLIC_URL = "https://conduit.example";
  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  @BeforeAll
  static void start() {
    conduit = TestConduit.start(Map.of(
        "CONDUIT_HTTP_PUBLIC_URL", PUBLIC_URL,
        "CONDUIT_OAUTH_REDIRECT_ALLOW_LIST", "https://app.example",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_ID", "github-client",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET", "github-client-secret",
        "CONDUIT_LIMITS_PENDING_CONNECT_SESSIONS_PER_OWNER", "3"));
  }

  @AfterAll
  static void stop() {
    conduit.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
  }

  @Test
  void aSessionAnswersItsLinkOnceAndStoresOnlyTheTokensHash() throws Exception {
    TestConduit.Response created;
    String logged;
    try (LogCapture log = new LogCapture()) {
      created = create(alice, new JsonObject()
        .put("connectors", new JsonArray().add("stripe").add("github"))
        .put("label", "Ada's Stripe").put("metadata", new JsonObject().put("user", "42"))
        .put("redirectAfter", "https://app.example/settings/integrations"));
      logged = log.text();
    }

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject data = created.json().getJsonObject("data");
    assertThat(data.getString("type")).isEqualTo("connect-sessions");
    JsonObject attributes = data.getJsonObject("attributes");
    String url = attributes.getString("url");
    assertThat(url).startsWith(PUBLIC_URL + "/connect/");
    String token = url.substring((PUBLIC_URL + "/connect/").length());
    // 32 random bytes in base64url: 256 bits, at least the 128 the contract asks
    assertThat(token).matches("[A-Za-z0-9_-]{43}");
    assertThat(data.getString("id")).isNotEqualTo(token);
    assertThat(Instant.parse(attributes.getString("expiresAt")))
        .isCloseTo(Instant.now().plus(30, ChronoUnit.MINUTES), within(2, ChronoUnit.MINUTES));
    assertThat(attributes.getJsonArray("connectors")).containsExactly("stripe", "github");
    assertThat(attributes.getString("label")).isEqualTo("Ada's Stripe");
    assertThat(attributes.getJsonObject("metadata")).isEqualTo(new JsonObject().put("user", "42"));
    assertThat(attributes.getString("redirectAfter")).isEqualTo("https://app.example/settings/integrations");
    assertThat(attributes.getValue("connectionId")).isNull();

    String hash = HexFormat.of().formatHex(
        MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8)));
    assertThat(Sql.rows("SELECT encode(token_hash, 'hex') FROM connect_sessions WHERE owner = 'alice'"))
        .containsExactly(hash);
    assertThat(Sql.dump()).doesNotContain(token);
    assertThat(logged).doesNotContain(token);
  }

  @Test
  void withoutConnectorsTheSessionOffersEveryConnectorThisDeploymentCanConnect() {
    JsonArray offered = create(alice, new JsonObject()).json().getJsonObject("data").getJsonObject("attributes")
        .getJsonArray("connectors");

    // API-key and basic connectors need nothing from the deployment; of the OAuth ones, only GitHub has a client
    assertThat(offered).contains("stripe", "freshdesk", "github").doesNotContain("slack", "asana");
    JsonArray catalog = conduit.get("/api/connectors").json().getJsonArray("data");
    List<String> configured = catalog.stream().map(JsonObject.class::cast)
        .filter(connector -> connector.getJsonObject("attributes").getBoolean("configured"))
        .map(connector -> connector.getString("id")).toList();
    assertThat(offered.getList()).containsExactlyElementsOf(configured);
  }

  @Test
  void unknownConnectorsAreNamedAndNothingIsStored() {
    TestConduit.Response refused = create(alice, new JsonObject()
        .put("connectors", new JsonArray().add("stripe").add("myspace").add("friendster")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.error().getString("code")).isEqualTo("unknown_connector");
    assertThat(refused.error().getString("detail")).contains("'myspace'", "'friendster'").doesNotContain("stripe");
    assertThat(refused.error().getJsonObject("source").getString("pointer")).isEqualTo("/data/attributes/connectors");
    assertThat(Sql.count("SELECT count(*) FROM connect_sessions")).isZero();
  }

  @Test
  void anOAuthConnectorWithoutClientCredentialsIsRefusedNamingTheVariables() {
    TestConduit.Response refused = create(alice, new JsonObject().put("connectors", new JsonArray().add("slack")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.error().getString("code")).isEqualTo("connector_not_configured");
    assertThat(refused.error().getString("detail")).contains("CONDUIT_CONNECTOR_SLACK_CLIENT_ID");
  }

  @Test
  void aReconnectSessionOffersItsConnectionsConnectorOnly() {
    String connection = conduit.createConnection(alice, "stripe");

    TestConduit.Response created = create(alice, new JsonObject().put("connectionId", connection));

    assertThat(created.status()).as(created.body()).isEqualTo(201);
    JsonObject attributes = created.json().getJsonObject("data").getJsonObject("attributes");
    assertThat(attributes.getString("connectionId")).isEqualTo(connection);
    assertThat(attributes.getJsonArray("connectors")).containsExactly("stripe");
    assertThat(Sql.rows("SELECT connection_id::text FROM connect_sessions")).containsExactly(connection);

    TestConduit.Response otherConnector = create(alice, new JsonObject().put("connectionId", connection)
        .put("connectors", new JsonArray().add("github")));
    assertThat(otherConnector.status()).isEqualTo(400);
    assertThat(otherConnector.error().getJsonObject("source").getString("pointer"))
        .isEqualTo("/data/attributes/connectors");
  }

  @Test
  void aReconnectSessionForAnotherOwnersConnectionIsNotFound() {
    String bobs = conduit.createConnection(bob, "stripe");

    TestConduit.Response foreign = create(alice, new JsonObject().put("connectionId", bobs));
    TestConduit.Response missing = create(alice, new JsonObject()
        .put("connectionId", "6f1c1c2e-8d6e-4a53-9a55-0b7f0c0f8e11"));
    TestConduit.Response notAnId = create(alice, new JsonObject().put("connectionId", "not-a-uuid"));

    for (TestConduit.Response refused : List.of(foreign, missing, notAnId)) {
      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.error().getString("code")).isEqualTo("not_found");
      assertThat(refused.error().getString("detail")).isEqualTo("no connection with this id");
    }
    assertThat(Sql.count("SELECT count(*) FROM connect_sessions")).isZero();
  }

  @Test
  void aRevokedConnectionCannotBeReconnected() {
    String connection = conduit.createConnection(alice, "stripe");
    conduit.call("POST", "/api/connections/" + connection + "/revoke", alice, null);

    TestConduit.Response refused = create(alice, new JsonObject().put("connectionId", connection));

    assertThat(refused.status()).isEqualTo(410);
    assertThat(refused.error().getString("code")).isEqualTo("revoked");
  }

  @Test
  void aRedirectOutsideTheAllowListIsRefused() {
    for (String url : List.of("https://evil.example/x", "https://app.example.evil/x", "http://app.example/x",
        "javascript:alert(1)", "/relative")) {
      TestConduit.Response refused = create(alice, new JsonObject().put("redirectAfter", url));

      assertThat(refused.status()).as(url).isEqualTo(422);
      assertThat(refused.error().getString("code")).isEqualTo("redirect_not_allowed");
      assertThat(refused.error().getJsonObject("source").getString("pointer"))
          .isEqualTo("/data/attributes/redirectAfter");
      assertThat(refused.error().getString("detail")).contains("oauth.redirect-allow-list").doesNotContain(url);
    }
    assertThat(Sql.count("SELECT count(*) FROM connect_sessions")).isZero();
  }

  @Test
  void pendingSessionsAreLimitedPerOwnerAndExpiredOrSpentOnesMakeRoom() {
    for (int i = 0; i < 3; i++) {
      assertThat(create(alice, new JsonObject()).status()).isEqualTo(201);
    }

    TestConduit.Response refused = create(alice, new JsonObject());

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.error().getString("code")).isEqualTo("limit_reached");
    assertThat(refused.error().getString("detail")).isEqualTo("This owner already has 3 pending connect sessions,"
        + " the most allowed (limits.pending-connect-sessions-per-owner). Room comes back as they expire or are used.");
    assertThat(create(bob, new JsonObject()).status()).isEqualTo(201);

    Sql.rows("UPDATE connect_sessions SET expires_at = now() - interval '1 second'"
        + " WHERE token_hash = (SELECT token_hash FROM connect_sessions WHERE owner = 'alice' LIMIT 1) RETURNING 1");
    assertThat(create(alice, new JsonObject()).status()).isEqualTo(201);
    Sql.rows("UPDATE connect_sessions SET spent_at = now() WHERE token_hash = (SELECT token_hash FROM connect_sessions"
        + " WHERE owner = 'alice' AND expires_at > now() LIMIT 1) RETURNING 1");
    assertThat(create(alice, new JsonObject()).status()).isEqualTo(201);
    assertThat(create(alice, new JsonObject()).status()).isEqualTo(422);
  }

  @Test
  void aSessionNeedsAToken() {
    assertThat(conduit.call("POST", "/api/connect-sessions", null, body(new JsonObject())).status()).isEqualTo(401);
  }

  private static TestConduit.Response create(String token, JsonObject attributes) {
    return conduit.call("POST", "/api/connect-sessions", token, body(attributes));
  }

  private static String body(JsonObject attributes) {
    return new JsonObject().put("data", new JsonObject().put("type", "connect-sessions")
        .put("attributes", attributes)).encode();
  }
}
