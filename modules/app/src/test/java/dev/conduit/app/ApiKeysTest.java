package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.apikey.ApiKeyScope;
import dev.conduit.http.OpenApiDocument;
import dev.conduit.http.RouteScopes;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Platform API keys on a whole server: shown once, stored as a hash, scoped per route, refused once expired or
 * deleted, owned like everything else, named in the audit trail, and their use recorded.
 */
class ApiKeysTest extends OneServerPerClass {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");
  private final Map<Set<ApiKeyScope>, String> keys = new HashMap<>();

  @Test
  void theKeyIsShownOnceAndNeverAgainNorLogged() {
    try (LogCapture log = new LogCapture()) {
      TestConduit.Response created = create(alice, "billing backend", List.of("credentials:vend",
          "connections:read"), null);

      assertThat(created.status()).isEqualTo(201);
      assertThat(created.header("Cache-Control")).isEqualTo("no-store");
      JsonObject data = created.json().getJsonObject("data");
      JsonObject attributes = data.getJsonObject("attributes");
      String key = attributes.getString("key");
      assertThat(key).matches("cdk_[A-Za-z0-9_-]{43}");
      assertThat(attributes.getString("prefix")).isEqualTo(key.substring(0, 12));
      assertThat(attributes.getString("name")).isEqualTo("billing backend");
      assertThat(attributes.getJsonArray("scopes")).containsExactlyInAnyOrder("credentials:vend", "connections:read");
      assertThat(attributes.getValue("expiresAt")).isNull();
      assertThat(attributes.getValue("lastUsedAt")).isNull();
      assertThat(created.header("Location")).isEqualTo("/api/api-keys/" + data.getString("id"));

      String id = data.getString("id");
      TestConduit.Response one = conduit.call("GET", "/api/api-keys/" + id, alice, null);
      TestConduit.Response all = conduit.call("GET", "/api/api-keys", alice, null);
      assertThat(one.status()).isEqualTo(200);
      assertThat(all.json().getJsonArray("data")).hasSize(1);
      assertThat(one.json().getJsonObject("data").getJsonObject("attributes").containsKey("key")).isFalse();
      assertThat(one.body() + all.body()).doesNotContain(key.substring(12));
      // what is stored cannot be used as the key
      assertThat(Sql.rows("SELECT k::text FROM api_keys k").toString()).doesNotContain(key.substring(12));

      assertThat(conduit.call("GET", "/api/connections", key, null).status()).isEqualTo(200);
      assertThat(conduit.call("GET", "/api/webhooks", key, null).status()).isEqualTo(403);
      conduit.call("DELETE", "/api/api-keys/" + id, alice, null);
      assertThat(conduit.call("GET", "/api/connections", key, null).status()).isEqualTo(401);
      assertThat(log.text()).doesNotContain(key.substring(12));
    }
  }

  @Test
  void aKeyActsForItsOwnerAndIsNamedInTheAuditTrail() {
    String id = conduit.createConnection(alice, "stripe");
    conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"sk_live_1\"}");
    JsonObject created = create(alice, "backend", List.of("credentials:vend", "connections:write"), null).json()
        .getJsonObject("data");
    String key = created.getJsonObject("attributes").getString("key");
    String prefix = created.getJsonObject("attributes").getString("prefix");

    TestConduit.Response vended = conduit.vend(key, id);
    String made = conduit.createConnection(key, "github");

    assertThat(vended.status()).isEqualTo(200);
    assertThat(vended.json().getJsonObject("data").getJsonObject("attributes").getString("apiKey"))
        .isEqualTo("sk_live_1");
    // the connection the key made is alice's
    assertThat(conduit.call("GET", "/api/connections/" + made, alice, null).status()).isEqualTo(200);
    assertThat(conduit.call("GET", "/api/connections/" + made, bob, null).status()).isEqualTo(404);
    conduit.call("DELETE", "/api/api-keys/" + created.getString("id"), alice, null);
    Wait.patiently().untilAsserted(() -> assertThat(actors()).contains(
        "api_key.create alice", "vend api_key:" + prefix, "connection.create api_key:" + prefix,
        "api_key.delete alice"));
  }

  /**
   * Every secured operation of the API document, walked against the route table: a key holding only the route's
   * scope gets past the scope check (whatever the request's other faults), a key holding every other scope gets
   * 403 naming it, and on the key-management routes no key gets past, while a JWT does.
   */
  @Test
  void eachScopeAllowsExactlyItsRoutes() {
    List<String> checked = new ArrayList<>();
    JsonObject paths = OpenApiDocument.fromClasspath().json().getJsonObject("paths");
    String everyScope = key(EnumSet.allOf(ApiKeyScope.class));
    for (String path : paths.fieldNames()) {
      for (String method : paths.getJsonObject(path).fieldNames()) {
        if (!METHODS.contains(method) || !secured(paths.getJsonObject(path).getJsonObject(method))) {
          continue;
        }
        String concrete = path.replaceAll("\\{[^}]*}", UUID.randomUUID().toString());
        String verb = method.toUpperCase();
        String body = verb.equals("GET") || verb.equals("DELETE") ? null : "{}";
        RouteScopes.Access access = RouteScopes.of(method, path).orElseThrow();
        if (access instanceof RouteScopes.Scoped scoped) {
          String only = key(EnumSet.of(scoped.scope()));
          String others = key(EnumSet.complementOf(EnumSet.of(scoped.scope())));
          assertThat(attempt(verb, concrete, only, body).status()).as(verb + " " + path).isNotIn(401, 403);
          TestConduit.Response refused = attempt(verb, concrete, others, body);
          assertThat(refused.status()).as(verb + " " + path).isEqualTo(403);
          assertThat(refused.error().getString("code")).isEqualTo("insufficient_scope");
          assertThat(refused.error().getString("detail")).contains(scoped.scope().wireName());
          assertThat(refused.header("WWW-Authenticate"))
              .isEqualTo("Bearer error=\"insufficient_scope\", scope=\"" + scoped.scope().wireName() + "\"");
        } else {
          TestConduit.Response refused = attempt(verb, concrete, everyScope, body);
          assertThat(refused.status()).as(verb + " " + path).isEqualTo(403);
          assertThat(refused.error().getString("code")).isEqualTo("insufficient_scope");
          assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer error=\"insufficient_scope\"");
          assertThat(attempt(verb, concrete, alice, body).status()).as(verb + " " + path).isNotIn(401, 403);
        }
        checked.add(verb + " " + path);
      }
    }
    assertThat(checked).contains("POST /api/connections/{id}/vend", "GET /api/audit-events", "POST /api/api-keys");
  }

  /**
   * One call of the walk. The event stream never ends by itself when it is let in, so it is asked to resume from an
   * event that was never kept: let in, that is answered 410 at once (and refused, 401 or 403, as any other route).
   */
  private TestConduit.Response attempt(String verb, String path, String token, String body) {
    if (!path.equals("/api/events/stream")) {
      return conduit.call(verb, path, token, body);
    }
    return conduit.send(HttpRequest.newBuilder(conduit.uri(path)).GET().header("Authorization", "Bearer " + token)
        .header("Last-Event-ID", "evt_never_kept"));
  }

  @Test
  void keysCannotManageKeys() {
    JsonObject own = create(alice, "all", List.of("connections:read", "connections:write", "credentials:vend",
        "webhooks:manage", "events:read", "audit:read"), null).json().getJsonObject("data");
    String key = own.getJsonObject("attributes").getString("key");

    assertThat(create(key, "successor", List.of("connections:read"), null).status()).isEqualTo(403);
    assertThat(conduit.call("GET", "/api/api-keys", key, null).status()).isEqualTo(403);
    assertThat(conduit.call("DELETE", "/api/api-keys/" + own.getString("id"), key, null).status()).isEqualTo(403);
    assertThat(Sql.count("SELECT count(*) FROM api_keys")).isEqualTo(1);
  }

  @Test
  void anExpiredKeyIsRefused() {
    JsonObject created = create(alice, "soon", List.of("connections:read"),
        Instant.now().plus(Duration.ofDays(1)).toString()).json().getJsonObject("data");
    String key = created.getJsonObject("attributes").getString("key");
    Sql.rows("UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = '" + created.getString("id")
        + "' RETURNING id");

    TestConduit.Response refused = conduit.call("GET", "/api/connections", key, null);

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.error().getString("code")).isEqualTo("unauthorized");
    assertThat(refused.error().getString("detail")).isEqualTo("the API key has expired");
    assertThat(refused.header("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"the API key has expired\"");
  }

  @Test
  void aRememberedKeyIsRefusedOnceItsExpiryPasses() {
    String key = create(alice, "short", List.of("connections:read"),
        Instant.now().plus(Duration.ofSeconds(5)).toString()).json().getJsonObject("data")
        .getJsonObject("attributes").getString("key");
    conduit.call("GET", "/api/connections", key, null);

    Wait.patiently().until(() -> conduit.call("GET", "/api/connections", key, null).status() == 401);

    for (int i = 0; i < 4; i++) {
      assertThat(conduit.call("GET", "/api/connections", key, null).error().getString("detail"))
          .isEqualTo("the API key has expired");
    }
  }

  @Test
  void unknownAndMalformedKeysAreRefusedWithoutBeingQuoted() {
    String unknown = "cdk_" + "A".repeat(43);
    TestConduit.Response refused = conduit.call("GET", "/api/connections", unknown, null);
    TestConduit.Response malformed = conduit.call("GET", "/api/connections", "cdk_short", null);

    assertThat(refused.status()).isEqualTo(401);
    assertThat(refused.error().getString("detail")).isEqualTo("the API key is unknown or has been deleted");
    assertThat(malformed.status()).isEqualTo(401);
    assertThat(malformed.error().getString("detail"))
        .isEqualTo("the API key is not cdk_ followed by 43 base64url characters");
    assertThat(refused.body() + refused.headers() + malformed.body()).doesNotContain("AAAAAAAA", "cdk_short");
  }

  @Test
  void badInputIsRefusedClearlyAndCreatesNothing() {
    TestConduit.Response past = create(alice, "late", List.of("connections:read"), "2020-01-01T00:00:00Z");
    TestConduit.Response unknownScope = create(alice, "x", List.of("everything"), null);
    TestConduit.Response noScopes = create(alice, "x", List.of(), null);
    TestConduit.Response owner = conduit.call("POST", "/api/api-keys", alice,
        "{\"data\":{\"type\":\"api-keys\",\"attributes\":{\"name\":\"x\",\"scopes\":[\"audit:read\"],"
            + "\"owner\":\"bob\"}}}");

    assertThat(past.status()).isEqualTo(400);
    assertThat(past.error().getString("detail")).contains("expiresAt must be in the future");
    assertThat(past.error().getJsonObject("source").getString("pointer")).isEqualTo("/data/attributes/expiresAt");
    assertThat(unknownScope.status()).isEqualTo(400);
    assertThat(noScopes.status()).isEqualTo(400);
    assertThat(owner.status()).isEqualTo(400);
    assertThat(Sql.count("SELECT count(*) FROM api_keys")).isZero();
  }

  @Test
  void anotherOwnersKeyIsNotFound() {
    JsonObject created = create(alice, "mine", List.of("connections:read"), null).json().getJsonObject("data");
    String id = created.getString("id");

    TestConduit.Response peek = conduit.call("GET", "/api/api-keys/" + id, bob, null);
    TestConduit.Response delete = conduit.call("DELETE", "/api/api-keys/" + id, bob, null);
    TestConduit.Response unknown = conduit.call("GET", "/api/api-keys/" + UUID.randomUUID(), alice, null);

    assertThat(peek.status()).isEqualTo(404);
    assertThat(delete.status()).isEqualTo(404);
    assertThat(peek.body()).isEqualTo(unknown.body());
    assertThat(conduit.call("GET", "/api/api-keys", bob, null).json().getJsonArray("data")).isEmpty();
    String key = created.getJsonObject("attributes").getString("key");
    assertThat(conduit.call("GET", "/api/connections", key, null).status()).isEqualTo(200);
  }

  @Test
  void lastUsedAtAppearsAfterUse() {
    JsonObject created = create(alice, "used", List.of("connections:read"), null).json().getJsonObject("data");
    String key = created.getJsonObject("attributes").getString("key");
    String self = "/api/api-keys/" + created.getString("id");

    for (int i = 0; i < 5; i++) {
      assertThat(conduit.call("GET", "/api/connections", key, null).status()).isEqualTo(200);
    }

    Wait.patiently().until(() -> conduit.call("GET", self, alice, null).json().getJsonObject("data")
        .getJsonObject("attributes").getString("lastUsedAt") != null);
    Instant lastUsed = Instant.parse(conduit.call("GET", self, alice, null).json().getJsonObject("data")
        .getJsonObject("attributes").getString("lastUsedAt"));
    assertThat(lastUsed).isAfterOrEqualTo(Instant.parse(created.getJsonObject("attributes").getString("createdAt")));
  }

  private static boolean secured(JsonObject operation) {
    JsonArray security = operation.getJsonArray("security");
    return security != null && !security.isEmpty();
  }

  /** "action actor" of each of alice's audit entries. */
  private List<String> actors() {
    return conduit.call("GET", "/api/audit-events", alice, null).json().getJsonArray("data").stream()
        .map(entry -> ((JsonObject) entry).getJsonObject("attributes"))
        .map(attributes -> attributes.getString("action") + " " + attributes.getString("actor"))
        .toList();
  }

  /** A key of alice's holding exactly {@code scopes}, made once per set. */
  private String key(Set<ApiKeyScope> scopes) {
    return keys.computeIfAbsent(Set.copyOf(scopes), this::newKey);
  }

  private String newKey(Set<ApiKeyScope> scopes) {
    TestConduit.Response created = create(alice, "walk", scopes.stream().map(ApiKeyScope::wireName)
        .collect(Collectors.toList()), null);
    assertThat(created.status()).as(created.body()).isEqualTo(201);
    return created.json().getJsonObject("data").getJsonObject("attributes").getString("key");
  }

  private static TestConduit.Response create(String token, String name, List<String> scopes, String expiresAt) {
    JsonObject attributes = new JsonObject().put("name", name).put("scopes", new JsonArray(new ArrayList<>(scopes)));
    if (expiresAt != null) {
      attributes.put("expiresAt", expiresAt);
    }
    return conduit.call("POST", "/api/api-keys", token,
        new JsonObject().put("data", new JsonObject().put("type", "api-keys").put("attributes", attributes)).encode());
  }
}
