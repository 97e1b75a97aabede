package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Per-owner limits, set low through the environment as an operator would: one more create is a clear
 * {@code 422 limit_reached} that creates nothing, other owners are unaffected, and a delete makes room again.
 */
class OwnerLimitsTest {

  private static final String PUBLIC_URL = "https://93.184.215.14/hooks/conduit";
  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  @BeforeAll
  static void start() {
    conduit = TestConduit.start(Map.of(
        "CONDUIT_LIMITS_CONNECTIONS_PER_OWNER", "3",
        "CONDUIT_LIMITS_WEBHOOKS_PER_OWNER", "2",
        "CONDUIT_LIMITS_API_KEYS_PER_OWNER", "2"));
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
  void aConnectFormBeyondTheConnectionLimitIsAClearPageThatStoresNothing() {
    for (int i = 0; i < 3; i++) {
      conduit.createConnection(alice, "stripe");
    }
    TestConduit.Response created = conduit.call("POST", "/api/connect-sessions", alice,
        "{\"data\":{\"type\":\"connect-sessions\",\"attributes\":{\"connectors\":[\"stripe\"]}}}");
    String page = java.net.URI.create(created.json().getJsonObject("data").getJsonObject("attributes")
        .getString("url")).getPath();
    TestConduit.Response form = conduit.get(page);
    String cookie = form.header("Set-Cookie").split(";", 2)[0];

    TestConduit.Response refused = conduit.send(java.net.http.HttpRequest.newBuilder(conduit.uri(page + "/credential"))
        .header("Content-Type", "application/x-www-form-urlencoded").header("Cookie", cookie)
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(
            "csrf=" + cookie.substring(cookie.indexOf('=') + 1) + "&connector=stripe&apiKey=k")));

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.body()).contains("limit of connected accounts", "nothing was saved");
    assertThat(connections(alice)).hasSize(3);
    // the session was given back: once there is room, the same link works
    assertThat(conduit.get(page).status()).isEqualTo(200);
  }

  @Test
  void oneConnectionTooManyIsRefusedUntilOneIsDeleted() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(conduit.createConnection(alice, "github"));
    }

    TestConduit.Response refused = createConnection(alice);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.error().getString("status")).isEqualTo("422");
    assertThat(refused.error().getString("code")).isEqualTo("limit_reached");
    assertThat(refused.error().getString("detail")).isEqualTo("This owner already has 3 connections, the most"
        + " allowed (limits.connections-per-owner). Delete one to make room.");
    assertThat(connections(alice)).hasSize(3);
    assertThat(createConnection(bob).status()).isEqualTo(201);

    // a revoked connection is still stored: it keeps its place
    assertThat(conduit.call("POST", "/api/connections/" + ids.get(0) + "/revoke", alice, null).status())
        .isEqualTo(200);
    assertThat(createConnection(alice).status()).isEqualTo(422);

    assertThat(conduit.call("DELETE", "/api/connections/" + ids.get(0), alice, null).status()).isEqualTo(204);
    assertThat(createConnection(alice).status()).isEqualTo(201);
    assertThat(createConnection(alice).status()).isEqualTo(422);
    assertThat(connections(alice)).hasSize(3);
  }

  @Test
  void concurrentCreatesOfOneOwnerNeverGoBeyondTheLimit() throws Exception {
    ExecutorService clients = Executors.newFixedThreadPool(12);
    try {
      List<CompletableFuture<Integer>> attempts = new ArrayList<>();
      for (int i = 0; i < 12; i++) {
        attempts.add(CompletableFuture.supplyAsync(() -> createConnection(alice).status(), clients));
      }
      List<Integer> statuses = new ArrayList<>();
      for (CompletableFuture<Integer> attempt : attempts) {
        statuses.add(attempt.get());
      }

      assertThat(statuses).filteredOn(status -> status == 201).hasSize(3);
      assertThat(statuses).filteredOn(status -> status == 422).hasSize(9);
      assertThat(connections(alice)).hasSize(3);
    } finally {
      clients.shutdownNow();
    }
  }

  @Test
  void oneWebhookTooManyIsRefusedUntilOneIsDeleted() {
    String first = conduit.createWebhook(alice, PUBLIC_URL, "connection.revoked").getString("id");
    conduit.createWebhook(alice, PUBLIC_URL + "/2", "connection.revoked");

    TestConduit.Response refused = createWebhook(alice);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.error().getString("code")).isEqualTo("limit_reached");
    assertThat(refused.error().getString("detail")).isEqualTo("This owner already has 2 webhook endpoints, the"
        + " most allowed (limits.webhooks-per-owner). Delete one to make room.");
    assertThat(refused.body()).doesNotContain("whsec_");
    assertThat(webhooks(alice)).hasSize(2);
    assertThat(createWebhook(bob).status()).isEqualTo(201);

    assertThat(conduit.call("DELETE", "/api/webhooks/" + first, alice, null).status()).isEqualTo(204);
    assertThat(createWebhook(alice).status()).isEqualTo(201);
    assertThat(webhooks(alice)).hasSize(2);
  }

  @Test
  void oneApiKeyTooManyIsRefusedUntilOneIsDeleted() {
    String first = createApiKey(alice).json().getJsonObject("data").getString("id");
    createApiKey(alice);

    TestConduit.Response refused = createApiKey(alice);

    assertThat(refused.status()).isEqualTo(422);
    assertThat(refused.error().getString("code")).isEqualTo("limit_reached");
    assertThat(refused.error().getString("detail")).isEqualTo("This owner already has 2 API keys, the"
        + " most allowed (limits.api-keys-per-owner). Delete one to make room.");
    assertThat(refused.body()).doesNotContain("cdk_");
    assertThat(createApiKey(bob).status()).isEqualTo(201);

    assertThat(conduit.call("DELETE", "/api/api-keys/" + first, alice, null).status()).isEqualTo(204);
    assertThat(createApiKey(alice).status()).isEqualTo(201);
    assertThat(conduit.call("GET", "/api/api-keys", alice, null).json().getJsonArray("data")).hasSize(2);
  }

  private static TestConduit.Response createApiKey(String token) {
    return conduit.call("POST", "/api/api-keys", token,
        "{\"data\":{\"type\":\"api-keys\",\"attributes\":{\"name\":\"ci\",\"scopes\":[\"audit:read\"]}}}");
  }

  private static TestConduit.Response createConnection(String token) {
    return conduit.call("POST", "/api/connections", token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"github\"}}}");
  }

  private static TestConduit.Response createWebhook(String token) {
    return conduit.call("POST", "/api/webhooks", token, new JsonObject().put("data", new JsonObject()
        .put("type", "webhooks").put("attributes", new JsonObject().put("url", PUBLIC_URL)
            .put("events", new JsonArray().add("connection.revoked")))).encode());
  }

  private static JsonArray connections(String token) {
    return conduit.call("GET", "/api/connections", token, null).json().getJsonArray("data");
  }

  private static JsonArray webhooks(String token) {
    return conduit.call("GET", "/api/webhooks", token, null).json().getJsonArray("data");
  }
}
