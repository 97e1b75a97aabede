package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OAuth authorization-code flow against a real OAuth 2.0 server on loopback (mock-oauth2-server): authorize,
 * the server's login (without interactive login it answers at once with a redirect carrying code and state), the
 * callback, the vended token, a forced refresh at the same server; and each way a flow can fail, changing nothing.
 */
class OAuthFlowTest {

  private static final String APP = "https://app.example";

  @TempDir
  static Path connectors;
  private static MockProvider provider;
  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");

  @BeforeAll
  static void start() {
    provider = new MockProvider(false);
    conduit = provider.startConduit(connectors, Map.of("CONDUIT_OAUTH_REDIRECT_ALLOW_LIST", APP));
  }

  @AfterAll
  static void stop() {
    conduit.close();
    provider.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
  }

  @Test
  void theWholeFlowConnectsTheAccountAndTheServersTokensAreVendedAndRefreshed() {
    String id = conduit.createConnection(alice, "mockidp");
    JsonObject flow;
    String callbackUrl;
    TestConduit.Response page;
    String accessToken;
    try (LogCapture logs = new LogCapture()) {
      flow = authorize(id, null);
      String authorizeUrl = flow.getJsonObject("attributes").getString("authorizeUrl");
      Map<String, String> query = query(URI.create(authorizeUrl));
      assertThat(query).containsEntry("response_type", "code").containsEntry("client_id", "conduit-client")
          .containsEntry("redirect_uri", conduit.uri("/oauth/callback").toString())
          .containsEntry("scope", "openid offline_access").containsEntry("state", flow.getString("id"))
          .containsEntry("code_challenge_method", "S256").containsEntry("access_type", "offline")
          .containsKey("code_challenge");
      assertThat(Base64.getUrlDecoder().decode(flow.getString("id"))).hasSizeGreaterThanOrEqualTo(16);

      callbackUrl = login(authorizeUrl);
      page = conduit.send(HttpRequest.newBuilder(URI.create(callbackUrl)).GET());
      assertThat(page.status()).as(page.body()).isEqualTo(200);
      assertThat(page.body()).contains("Your Mock IdP account is connected");
      assertPageHeaders(page);

      TestConduit.Response vend = conduit.vend(alice, id);
      assertThat(vend.status()).as(vend.body()).isEqualTo(200);
      accessToken = vend.json().getJsonObject("data").getJsonObject("attributes").getString("accessToken");
      assertThat(issuerOf(accessToken)).isEqualTo(provider.issuerUrl());

      Map<String, String> callback = query(URI.create(callbackUrl));
      String refreshToken = Sql.rows("SELECT count(*) FROM credentials WHERE refresh_token IS NOT NULL").get(0);
      assertThat(refreshToken).isEqualTo("1");
      for (String secret : new String[] {flow.getString("id"), callback.get("code"), accessToken}) {
        assertThat(logs.text()).doesNotContain(secret);
        assertThat(page.body()).doesNotContain(secret);
      }
    }
    assertThat(status(id)).isEqualTo("active");
    assertThat(events(id)).containsExactly("connection.connected");

    TestConduit.Response forced = conduit.call("POST", "/api/connections/" + id + "/vend?forceRefresh=true", alice,
        null);
    assertThat(forced.status()).as(forced.body()).isEqualTo(200);
    String refreshed = forced.json().getJsonObject("data").getJsonObject("attributes").getString("accessToken");
    assertThat(refreshed).isNotEqualTo(accessToken);
    assertThat(issuerOf(refreshed)).isEqualTo(provider.issuerUrl());

    TestConduit.Response replayed = conduit.send(HttpRequest.newBuilder(URI.create(callbackUrl)).GET());
    assertThat(replayed.status()).isEqualTo(400);
    assertThat(replayed.body()).contains("already used");
    assertPageHeaders(replayed);
  }

  @Test
  void aRedirectAfterOnAnAllowedOriginGetsTheConnectionAndItsStatus() {
    String id = conduit.createConnection(alice, "mockidp");
    JsonObject flow = authorize(id, APP + "/settings?tab=integrations");

    TestConduit.Response back = conduit.send(HttpRequest.newBuilder(URI.create(login(
        flow.getJsonObject("attributes").getString("authorizeUrl")))).GET());

    assertThat(back.status()).isEqualTo(302);
    assertThat(back.header("Location"))
        .isEqualTo(APP + "/settings?tab=integrations&connection=" + id + "&status=active");
    assertThat(back.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(status(id)).isEqualTo("active");
  }

  @Test
  void aRedirectAfterOutsideTheAllowListIsRefusedAndNothingIsStored() {
    String id = conduit.createConnection(alice, "mockidp");

    for (String elsewhere : new String[] {"https://evil.example/done", "https://app.example.evil/x",
        "http://app.example/x", "javascript:alert(1)"}) {
      TestConduit.Response refused = conduit.call("POST", "/api/connections/" + id + "/authorize", alice,
          body(elsewhere, null));
      assertThat(refused.status()).as(refused.body()).isEqualTo(422);
      assertThat(refused.error().getString("code")).isEqualTo("redirect_not_allowed");
      assertThat(refused.error().getJsonObject("source").getString("pointer"))
          .isEqualTo("/data/attributes/redirectAfter");
    }
    assertThat(Sql.count("SELECT count(*) FROM oauth_flows")).isZero();
  }

  @Test
  void requestedScopesReplaceTheDefaults() {
    String id = conduit.createConnection(alice, "mockidp");
    TestConduit.Response started = conduit.call("POST", "/api/connections/" + id + "/authorize", alice,
        body(null, "[\"openid\",\"profile\"]"));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(query(URI.create(started.json().getJsonObject("data").getJsonObject("attributes")
        .getString("authorizeUrl")))).containsEntry("scope", "openid profile");
  }

  @Test
  void anExpiredStateIsRefusedAndChangesNothing() {
    String id = conduit.createConnection(alice, "mockidp");
    JsonObject flow = authorize(id, null);
    assertThat(Sql.count("SELECT count(*) FROM oauth_flows WHERE expires_at > now() + interval '9 minutes'"))
        .isEqualTo(1);
    Sql.rows("UPDATE oauth_flows SET expires_at = now() - interval '1 second' RETURNING 1");

    TestConduit.Response page = conduit.send(HttpRequest.newBuilder(URI.create(login(
        flow.getJsonObject("attributes").getString("authorizeUrl")))).GET());

    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("expired");
    assertPageHeaders(page);
    assertThat(status(id)).isEqualTo("pending");
    assertThat(Sql.count("SELECT count(*) FROM credentials")).isZero();
  }

  @Test
  void aWrongPkceVerifierIsRefusedByTheServerAndChangesNothing() {
    String id = conduit.createConnection(alice, "mockidp");
    String authorizeUrl = authorize(id, null).getJsonObject("attributes").getString("authorizeUrl");
    // the server now holds the challenge of another verifier than the one the vault sealed
    String tampered = authorizeUrl.replaceAll("code_challenge=[^&]+", "code_challenge=" + challenge("x".repeat(43)));

    TestConduit.Response page = conduit.send(HttpRequest.newBuilder(URI.create(login(tampered))).GET());

    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("did not confirm");
    assertThat(status(id)).isEqualTo("pending");
    assertThat(Sql.count("SELECT count(*) FROM credentials")).isZero();
    assertThat(events(id)).isEmpty();
  }

  @Test
  void accessDeniedGetsAClearPageOrTheRedirectAndChangesNothing() {
    String id = conduit.createConnection(alice, "mockidp");
    String state = authorize(id, null).getString("id");

    TestConduit.Response page = conduit.get("/oauth/callback?error=access_denied&error_description=%3Cscript%3E"
        + "&state=" + state);

    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("access_denied").doesNotContain("<script>").doesNotContain(state);
    assertPageHeaders(page);
    assertThat(status(id)).isEqualTo("pending");

    String withRedirect = authorize(id, APP + "/done").getString("id");
    TestConduit.Response back = conduit.get("/oauth/callback?error=access_denied&state=" + withRedirect);
    assertThat(back.status()).isEqualTo(302);
    assertThat(back.header("Location")).isEqualTo(APP + "/done?connection=" + id + "&error=access_denied");
    assertThat(status(id)).isEqualTo("pending");
  }

  @Test
  void unknownOrIncompleteCallbacksGetAPage() {
    for (String query : new String[] {"state=nope&code=abc", "code=abc", "state=abc", ""}) {
      TestConduit.Response page = conduit.get("/oauth/callback?" + query);
      assertThat(page.status()).as(query).isEqualTo(400);
      assertThat(page.header("Content-Type")).startsWith("text/html");
      assertPageHeaders(page);
    }
  }

  @Test
  void anIssuerOfAnotherServerIsRefused() {
    String id = conduit.createConnection(alice, "mockidp");
    String state = authorize(id, null).getString("id");

    TestConduit.Response page = conduit.get("/oauth/callback?code=abc&iss=https%3A%2F%2Fevil.example&state=" + state);

    assertThat(page.status()).isEqualTo(400);
    assertThat(page.body()).contains("sign-in server");
    assertThat(status(id)).isEqualTo("pending");
  }

  @Test
  void theServersOwnIssuerIsAccepted() {
    String id = conduit.createConnection(alice, "mockidp");
    String callbackUrl = login(authorize(id, null).getJsonObject("attributes").getString("authorizeUrl"));
    if (!query(URI.create(callbackUrl)).containsKey("iss")) {
      callbackUrl += "&iss=" + java.net.URLEncoder.encode(provider.issuerUrl(),
          StandardCharsets.UTF_8);
    }

    TestConduit.Response page = conduit.send(HttpRequest.newBuilder(URI.create(callbackUrl)).GET());

    assertThat(page.status()).as(page.body()).isEqualTo(200);
    assertThat(status(id)).isEqualTo("active");
  }

  @Test
  void aNeedsReauthConnectionIsReauthorizedBackToActive() {
    String id = conduit.createConnection(alice, "mockidp");
    connect(id);
    Sql.rows("UPDATE connections SET status = 'needs_reauth' WHERE id = '" + id + "' RETURNING 1");
    assertThat(conduit.vend(alice, id).status()).isEqualTo(409);

    connect(id);

    assertThat(status(id)).isEqualTo("active");
    assertThat(conduit.vend(alice, id).status()).isEqualTo(200);
    assertThat(events(id)).containsExactly("connection.connected", "connection.reauthorized");
  }

  @Test
  void aFirstDepositEmitsConnectedAndLaterOnesDoNot() {
    String id = conduit.createConnection(alice, "mockidp");
    assertThat(conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"at-1\"}").status()).isEqualTo(200);
    assertThat(conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"at-2\"}").status()).isEqualTo(200);

    assertThat(events(id)).containsExactly("connection.connected");
  }

  /** Start-up checks that the keyset opens stored rows, flows among them: a flow in progress must not stop it. */
  @Test
  void aFlowInProgressDoesNotStopTheNextStart() {
    authorize(conduit.createConnection(alice, "mockidp"), null);

    try (TestConduit another = TestConduit.start()) {
      assertThat(another.get("/health/ready").status()).isEqualTo(200);
    }
  }

  @Test
  void onlyOAuthConnectorsWithAClientCanBeAuthorized() {
    TestConduit.Response notOauth = conduit.call("POST", "/api/connections/"
        + conduit.createConnection(alice, "stripe") + "/authorize", alice, null);
    assertThat(notOauth.status()).as(notOauth.body()).isEqualTo(422);
    assertThat(notOauth.error().getString("code")).isEqualTo("not_oauth");

    TestConduit.Response noClient = conduit.call("POST", "/api/connections/"
        + conduit.createConnection(alice, "github") + "/authorize", alice, null);
    assertThat(noClient.status()).as(noClient.body()).isEqualTo(422);
    assertThat(noClient.error().getString("code")).isEqualTo("connector_not_configured");
    assertThat(noClient.error().getString("detail")).contains("CONDUIT_CONNECTOR_GITHUB_CLIENT_ID");

    String id = conduit.createConnection(alice, "mockidp");
    TestConduit.Response otherOwner = conduit.call("POST", "/api/connections/" + id + "/authorize",
        TestConduit.token("mallory"), null);
    assertThat(otherOwner.status()).isEqualTo(404);
    assertThat(Sql.count("SELECT count(*) FROM oauth_flows")).isZero();
  }

  private void connect(String id) {
    TestConduit.Response page = conduit.send(HttpRequest.newBuilder(URI.create(login(
        authorize(id, null).getJsonObject("attributes").getString("authorizeUrl")))).GET());
    assertThat(page.status()).as(page.body()).isEqualTo(200);
  }

  private JsonObject authorize(String id, String redirectAfter) {
    TestConduit.Response started = conduit.call("POST", "/api/connections/" + id + "/authorize", alice,
        redirectAfter == null ? null : body(redirectAfter, null));
    assertThat(started.status()).as(started.body()).isEqualTo(200);
    assertThat(started.header("Cache-Control")).isEqualTo("no-store");
    JsonObject data = started.json().getJsonObject("data");
    assertThat(data.getString("type")).isEqualTo("authorizations");
    return data;
  }

  private static String body(String redirectAfter, String scopes) {
    JsonObject attributes = new JsonObject();
    if (redirectAfter != null) {
      attributes.put("redirectAfter", redirectAfter);
    }
    if (scopes != null) {
      attributes.put("scopes", new io.vertx.core.json.JsonArray(scopes));
    }
    return new JsonObject().put("data", new JsonObject().put("type", "authorizations")
        .put("attributes", attributes)).encode();
  }

  /** The browser at the provider's authorize URL: the provider's redirect back to Conduit's callback. */
  private static String login(String authorizeUrl) {
    return MockProvider.login(authorizeUrl, conduit.uri("/oauth/callback"));
  }

  private String status(String id) {
    return conduit.call("GET", "/api/connections/" + id, alice, null).json().getJsonObject("data")
        .getJsonObject("attributes").getString("status");
  }

  private static java.util.List<String> events(String id) {
    return Sql.rows("SELECT type FROM webhook_events WHERE connection_id = '" + id + "' ORDER BY sequence");
  }

  private static void assertPageHeaders(TestConduit.Response page) {
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").doesNotContain("script-src");
  }

  private static Map<String, String> query(URI uri) {
    Map<String, String> query = new HashMap<>();
    if (uri.getRawQuery() == null) {
      return query;
    }
    for (String pair : uri.getRawQuery().split("&")) {
      int equals = pair.indexOf('=');
      query.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
    }
    return query;
  }

  private static String issuerOf(String jwt) {
    return new JsonObject(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8))
        .getString("iss");
  }

  private static String challenge(String verifier) {
    try {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(MessageDigest.getInstance("SHA-256")
          .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
