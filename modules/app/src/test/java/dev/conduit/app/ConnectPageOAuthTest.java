package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The connect page's OAuth button against a real OAuth 2.0 server on loopback (mock-oauth2-server): the button,
 * the provider's sign-in, the callback, the session spent only once the connection is active; a refusal at the
 * provider that leaves the link usable; a reconnect session; the redirect back to the app.
 */
class ConnectPageOAuthTest {

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
  void theButtonConnectsTheAccountAndSpendsTheLink() {
    String page = session(new JsonObject().put("label", "Ada").put("metadata", new JsonObject().put("user", "42")));
    ConnectForm button = ConnectForm.open(conduit, page);
    assertThat(button.page().body()).contains("Continue to Mock IdP");
    assertThat(button.page().header("Content-Security-Policy"))
        .contains("form-action 'self' " + URI.create(provider.issuer()).resolve("/").toString().replaceAll("/$", ""));

    TestConduit.Response done = callback(button.press(page, Map.of("connector", "mockidp")));

    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(done.body()).contains("Your Mock IdP account is connected");
    String id = onlyConnection();
    assertThat(Sql.rows("SELECT status || ' ' || label || ' ' || (metadata->>'user') FROM connections"))
        .containsExactly("active Ada 42");
    assertThat(conduit.vend(alice, id).status()).isEqualTo(200);
    assertThat(events(id)).containsExactly("connection.connected");
    TestConduit.Response used = conduit.get(page);
    assertThat(used.status()).isEqualTo(410);
    assertThat(used.body()).contains("This link has been used");
  }

  @Test
  void aRefusalAtTheProviderChangesNothingAndTheLinkStillWorks() {
    String page = session(new JsonObject());
    ConnectForm button = ConnectForm.open(conduit, page);
    String state = query(button.press(page, Map.of("connector", "mockidp")).header("Location")).get("state");

    TestConduit.Response denied = conduit.get("/oauth/callback?error=access_denied&state=" + state);

    assertThat(denied.status()).isEqualTo(400);
    assertThat(denied.body()).contains("Mock IdP did not grant access (access_denied)", "Nothing was changed");
    assertThat(Sql.rows("SELECT status FROM connections")).containsExactly("pending");
    assertThat(conduit.get(page).status()).isEqualTo(200);

    TestConduit.Response done = callback(button.press(page, Map.of("connector", "mockidp")));

    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(Sql.rows("SELECT status FROM connections")).containsExactly("active");
  }

  @Test
  void aReconnectSessionReauthorizesItsConnection() {
    String first = session(new JsonObject());
    callback(ConnectForm.open(conduit, first).press(first, Map.of("connector", "mockidp")));
    String id = onlyConnection();
    Sql.rows("UPDATE connections SET status = 'needs_reauth' WHERE id = '" + id + "' RETURNING 1");
    assertThat(conduit.vend(alice, id).status()).isEqualTo(409);

    String reconnect = session(new JsonObject().put("connectionId", id));
    TestConduit.Response done = callback(ConnectForm.open(conduit, reconnect).press(reconnect,
        Map.of("connector", "mockidp")));

    assertThat(done.status()).as(done.body()).isEqualTo(200);
    assertThat(onlyConnection()).isEqualTo(id);
    assertThat(conduit.vend(alice, id).status()).isEqualTo(200);
    assertThat(events(id)).containsExactly("connection.connected", "connection.reauthorized");
  }

  @Test
  void theBrowserGoesBackToTheAppWithTheConnection() {
    String page = session(new JsonObject().put("redirectAfter", APP + "/settings"));
    ConnectForm button = ConnectForm.open(conduit, page);

    TestConduit.Response done = callback(button.press(page, Map.of("connector", "mockidp")));

    assertThat(done.status()).isEqualTo(302);
    assertThat(done.header("Location")).isEqualTo(APP + "/settings?connection=" + onlyConnection() + "&status=active");
    assertThat(conduit.get(page).status()).isEqualTo(410);
  }

  /** Follows the button's redirect through the provider's sign-in back to Conduit's callback. */
  private static TestConduit.Response callback(TestConduit.Response pressed) {
    assertThat(pressed.status()).as(pressed.body()).isEqualTo(303);
    String location = pressed.header("Location");
    assertThat(location).startsWith(provider.issuer() + "/authorize?");
    return conduit.send(HttpRequest.newBuilder(URI.create(MockProvider.login(location,
        conduit.uri("/oauth/callback")))).GET());
  }

  private String session(JsonObject attributes) {
    attributes.put("connectors", new JsonArray().add(MockProvider.CONNECTOR));
    TestConduit.Response created = conduit.call("POST", "/api/connect-sessions", alice,
        new JsonObject().put("data", new JsonObject().put("type", "connect-sessions").put("attributes", attributes))
            .encode());
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return URI.create(created.json().getJsonObject("data").getJsonObject("attributes").getString("url")).getPath();
  }

  private static String onlyConnection() {
    List<String> ids = Sql.rows("SELECT id::text FROM connections");
    assertThat(ids).hasSize(1);
    return ids.get(0);
  }

  private static List<String> events(String id) {
    return Sql.rows("SELECT type FROM webhook_events WHERE connection_id = '" + id + "' ORDER BY sequence");
  }

  private static Map<String, String> query(String url) {
    Map<String, String> query = new HashMap<>();
    for (String pair : URI.create(url).getRawQuery().split("&")) {
      String[] parts = pair.split("=", 2);
      query.put(parts[0], java.net.URLDecoder.decode(parts[1], java.nio.charset.StandardCharsets.UTF_8));
    }
    return query;
  }
}
