package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The hosted connect page on a whole server, driven as a browser would over plain HTTP: the connector list, the
 * form of an API-key connector, its CSRF check, the success, redirect and error pages, and what they never show.
 */
class ConnectPageTest {

  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");

  @BeforeAll
  static void start() {
    conduit = TestConduit.start(Map.of("CONDUIT_OAUTH_REDIRECT_ALLOW_LIST", "https://app.example",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_ID", "github-client",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_SECRET", "github-client-secret"));
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
  void thePageListsTheSessionsConnectorsWithASearchBoxAndTheSecurityHeaders() {
    String page = session(new JsonObject());

    TestConduit.Response list = conduit.get(page);

    assertThat(list.status()).isEqualTo(200);
    assertThat(list.header("Content-Type")).isEqualTo("text/html; charset=utf-8");
    assertThat(list.body()).contains(">Stripe<", ">Finance and accounting<", ">Support<", ">API key<", ">Freshdesk<", "<form class=\"search\" method=\"get\"",
        "<label for=\"q\">", ">GitHub<").doesNotContain("<script", ">Slack<");
    assertPageHeaders(list);
    assertThat(list.header("Content-Security-Policy")).endsWith("frame-ancestors 'none'");

    TestConduit.Response searched = conduit.get(page + "?q=STRI");
    assertThat(searched.body()).contains(">Stripe<").doesNotContain(">Freshdesk<");
    assertThat(conduit.get(page + "?sort=name").status()).isEqualTo(400);
  }

  @Test
  void anApiKeyTypedIntoTheFormIsSealedVendedAndShownNowhere() {
    String canary = "sk_live_canary_" + System.nanoTime();
    String page = session(new JsonObject().put("connectors", new JsonArray().add("stripe").add("freshdesk"))
        .put("label", "<b>Ada</b>").put("metadata", new JsonObject().put("user", "42")));
    ConnectForm form = open(page + "?connector=stripe");
    assertThat(form.page().body()).contains("<label for=\"apiKey\">", "type=\"password\" id=\"apiKey\"");

    TestConduit.Response done;
    String logged;
    try (LogCapture log = new LogCapture()) {
      done = form.post(page, Map.of("connector", "stripe", "apiKey", canary, "apiSecret", canary + "-secret"));
      logged = log.text();
    }

    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.body()).contains("Connected", "Stripe (&lt;b&gt;Ada&lt;/b&gt;)").doesNotContain("<b>Ada", canary);
    assertPageHeaders(done);
    JsonObject connection = conduit.call("GET", "/api/connections", alice, null).json().getJsonArray("data")
        .getJsonObject(0);
    assertThat(connection.getJsonObject("attributes").getString("status")).isEqualTo("active");
    assertThat(connection.getJsonObject("attributes").getString("label")).isEqualTo("<b>Ada</b>");
    assertThat(connection.getJsonObject("attributes").getJsonObject("metadata").getString("user")).isEqualTo("42");
    JsonObject secret = conduit.vend(alice, connection.getString("id")).json().getJsonObject("data")
        .getJsonObject("attributes");
    assertThat(secret.getString("apiKey")).isEqualTo(canary);
    assertThat(secret.getString("apiSecret")).isEqualTo(canary + "-secret");
    assertThat(logged).contains("connected through a connect session").doesNotContain(canary);
    assertThat(Sql.dump()).doesNotContain(canary);

    // the session is spent: its link and its form work no more
    TestConduit.Response used = conduit.get(page);
    assertThat(used.status()).isEqualTo(410);
    assertThat(used.body()).contains("This link has been used", "Ask the app that sent you here for a new link");
    assertPageHeaders(used);
    assertThat(form.post(page, Map.of("connector", "stripe", "apiKey", "another")).status()).isEqualTo(410);
    assertThat(conduit.call("GET", "/api/connections", alice, null).json().getJsonArray("data")).hasSize(1);
  }

  @Test
  void aFormWithoutItsCsrfTokenStoresNothing() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("stripe")));
    ConnectForm form = open(page);

    TestConduit.Response noCookie = post(page + "/credential", null, Map.of("csrf", form.csrf(), "connector", "stripe", "apiKey", "k1"));
    TestConduit.Response noField = post(page + "/credential", form.cookie(), Map.of("connector", "stripe", "apiKey", "k1"));
    TestConduit.Response wrong = post(page + "/credential", form.cookie(), Map.of("csrf", "A".repeat(43), "connector", "stripe",
        "apiKey", "k1"));

    for (TestConduit.Response refused : new TestConduit.Response[] {noCookie, noField, wrong}) {
      assertThat(refused.status()).isEqualTo(403);
      assertThat(refused.body()).contains("nothing was saved").doesNotContain("k1");
      assertPageHeaders(refused);
    }
    assertThat(Sql.count("SELECT count(*) FROM connections")).isZero();
    assertThat(conduit.get(page).status()).isEqualTo(200);
  }

  @Test
  void aMissingKeyShowsTheFormAgainAndKeepsTheSession() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("stripe")));
    ConnectForm form = open(page);

    TestConduit.Response again = form.post(page, Map.of("connector", "stripe", "apiKey", "", "apiSecret", "s3cr3t"));

    assertThat(again.status()).isEqualTo(400);
    assertThat(again.body()).contains("Enter an API key.", "name=\"apiKey\"").doesNotContain("s3cr3t");
    assertThat(Sql.count("SELECT count(*) FROM connections")).isZero();
    assertThat(form.post(page, Map.of("connector", "stripe", "apiKey", "k")).status()).isEqualTo(200);
  }

  @Test
  void aBasicConnectorAsksForUsernameAndPassword() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("freshdesk")));
    ConnectForm form = open(page);
    assertThat(form.page().body()).contains("<label for=\"username\">", "<label for=\"password\">");

    assertThat(form.post(page, Map.of("connector", "freshdesk", "username", "ada", "password", "pw")).status())
        .isEqualTo(200);
    String id = conduit.call("GET", "/api/connections", alice, null).json().getJsonArray("data").getJsonObject(0)
        .getString("id");
    assertThat(conduit.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes").getString("password"))
        .isEqualTo("pw");
  }

  @Test
  void withRedirectAfterTheBrowserGoesBackToTheApp() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("stripe"))
        .put("redirectAfter", "https://app.example/done?tab=integrations"));
    ConnectForm form = open(page);
    assertThat(form.page().header("Content-Security-Policy")).contains("form-action 'self' https://app.example;");

    TestConduit.Response back = form.post(page, Map.of("connector", "stripe", "apiKey", "k"));

    assertThat(back.status()).isEqualTo(302);
    String id = conduit.call("GET", "/api/connections", alice, null).json().getJsonArray("data").getJsonObject(0)
        .getString("id");
    assertThat(back.header("Location"))
        .isEqualTo("https://app.example/done?tab=integrations&connection=" + id + "&status=active");
    assertThat(back.header("Cache-Control")).isEqualTo("no-store");
  }

  @Test
  void aReconnectSessionDepositsIntoItsConnection() {
    String id = conduit.createConnection(alice, "stripe");
    conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"old\"}");
    String page = session(new JsonObject().put("connectionId", id));
    ConnectForm form = open(page);

    assertThat(form.post(page, Map.of("connector", "stripe", "apiKey", "new")).status()).isEqualTo(200);

    assertThat(conduit.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes").getString("apiKey"))
        .isEqualTo("new");
    assertThat(Sql.count("SELECT count(*) FROM connections")).isEqualTo(1);
  }

  @Test
  void unknownAndExpiredLinksSayToAskForANewOne() {
    TestConduit.Response unknown = conduit.get("/connect/" + "x".repeat(43));
    assertThat(unknown.status()).isEqualTo(404);
    assertThat(unknown.body()).contains("This link does not work", "new link");
    assertPageHeaders(unknown);

    String page = session(new JsonObject().put("connectors", new JsonArray().add("stripe")));
    ConnectForm form = open(page);
    Sql.rows("UPDATE connect_sessions SET expires_at = now() - interval '1 second' RETURNING 1");

    TestConduit.Response expired = conduit.get(page);
    assertThat(expired.status()).isEqualTo(410);
    assertThat(expired.body()).contains("This link has expired", "new link");
    assertThat(form.post(page, Map.of("connector", "stripe", "apiKey", "k")).status()).isEqualTo(410);
    assertThat(Sql.count("SELECT count(*) FROM connections")).isZero();
  }

  @Test
  void anOAuthConnectorShowsAButtonWhoseFormMayGoOnToTheProvidersSignIn() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("stripe").add("github")));
    assertThat(conduit.get(page).body()).contains("href=\"" + page + "?connector=github\"");

    ConnectForm button = open(page + "?connector=github");

    assertThat(button.page().body()).contains("<h1>Connect GitHub</h1>", "action=\"" + page + "/authorize\"",
        "name=\"connector\" value=\"github\"", "Continue to GitHub");
    assertPageHeaders(button.page());
    assertThat(button.page().header("Content-Security-Policy")).contains("form-action 'self' https://github.com;");
    assertThat(conduit.get(page + "?connector=slack").status()).isEqualTo(404);
  }

  @Test
  void theButtonStartsTheFlowAtTheProviderIntoOnePendingConnection() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("github"))
        .put("label", "Ada's GitHub").put("metadata", new JsonObject().put("user", "42")));
    ConnectForm button = open(page);

    TestConduit.Response started = button.press(page, Map.of("connector", "github"));
    TestConduit.Response again = button.press(page, Map.of("connector", "github"));

    assertThat(started.status()).as(started.body()).isEqualTo(303);
    assertThat(started.header("Location")).startsWith("https://github.com/login/oauth/authorize?")
        .contains("client_id=github-client", "state=", "redirect_uri=");
    assertPageHeaders(started);
    assertThat(again.status()).isEqualTo(303);
    assertThat(again.header("Location")).isNotEqualTo(started.header("Location"));
    // one pending connection, with the session's label and metadata, reused by the second press
    assertThat(Sql.rows("SELECT status || ' ' || label || ' ' || (metadata->>'user') FROM connections"))
        .containsExactly("pending Ada's GitHub 42");
    assertThat(Sql.count("SELECT count(*) FROM oauth_flows WHERE connect_session_id IS NOT NULL")).isEqualTo(2);
    // the session is spent only by a callback that connects
    assertThat(conduit.get(page).status()).isEqualTo(200);
  }

  @Test
  void choosingAnotherServiceLeavesNoUntouchedPendingConnectionBehind() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("github").add("stripe")));
    ConnectForm button = open(page + "?connector=github");
    assertThat(button.press(page, Map.of("connector", "github")).status()).isEqualTo(303);

    TestConduit.Response connected = button.post(page, Map.of("connector", "stripe", "apiKey", "k"));

    assertThat(connected.status()).as(connected.body()).isEqualTo(200);
    assertThat(Sql.rows("SELECT connector || ' ' || status FROM connections")).containsExactly("stripe active");
  }

  @Test
  void theButtonRefusesAFormWithoutItsCsrfTokenOrForAnotherService() {
    String page = session(new JsonObject().put("connectors", new JsonArray().add("github").add("stripe")));
    ConnectForm button = open(page + "?connector=github");

    TestConduit.Response forged = conduit.send(HttpRequest.newBuilder(conduit.uri(page + "/authorize"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("connector=github")));
    TestConduit.Response notOAuth = button.press(page, Map.of("connector", "stripe"));

    assertThat(forged.status()).isEqualTo(403);
    assertThat(notOAuth.status()).isEqualTo(400);
    assertThat(Sql.count("SELECT count(*) FROM connections")).isZero();
    assertThat(Sql.count("SELECT count(*) FROM oauth_flows")).isZero();
  }

  private String session(JsonObject attributes) {
    TestConduit.Response created = conduit.call("POST", "/api/connect-sessions", alice,
        new JsonObject().put("data", new JsonObject().put("type", "connect-sessions").put("attributes", attributes))
            .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return URI.create(created.json().getJsonObject("data").getJsonObject("attributes").getString("url")).getPath();
  }

  private static void assertPageHeaders(TestConduit.Response page) {
    assertThat(page.header("Cache-Control")).isEqualTo("no-store");
    assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'none'; style-src 'sha256-")
        .contains("base-uri 'none'", "frame-ancestors").doesNotContain("unsafe", "script-src");
    assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
    assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  private ConnectForm open(String path) {
    return ConnectForm.open(conduit, path);
  }

  private static TestConduit.Response post(String path, String cookie, Map<String, String> fields) {
    return ConnectForm.post(conduit, path, cookie, fields);
  }
}
