package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.CredentialRepository;
import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Every connection endpoint, its success and its error codes, as a client sees them. */
class ConnectionsApiTest extends OneServerPerClass {
  private final String alice = TestConduit.token("alice");

  @Test
  void createsAPendingConnectionWithLocation() {
    TestConduit.Response created = conduit.call("POST", "/api/connections", alice, """
        {"data":{"type":"connections","attributes":{"connector":"github","label":"ci bot","metadata":{"team":"infra"}}}}""");

    assertThat(created.status()).isEqualTo(201);
    JsonObject data = created.json().getJsonObject("data");
    assertThat(created.header("Location")).isEqualTo("/api/connections/" + data.getString("id"));
    assertThat(data.getString("type")).isEqualTo("connections");
    JsonObject attributes = data.getJsonObject("attributes");
    assertThat(attributes.getString("connector")).isEqualTo("github");
    assertThat(attributes.getString("label")).isEqualTo("ci bot");
    assertThat(attributes.getJsonObject("metadata")).isEqualTo(new JsonObject().put("team", "infra"));
    assertThat(attributes.getString("status")).isEqualTo("pending");
    assertThat(attributes.getValue("credential")).isNull();
    assertThat(attributes.getString("createdAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    assertThat(data.getJsonObject("links").getString("self")).isEqualTo(created.header("Location"));

    TestConduit.Response fetched = conduit.call("GET", created.header("Location"), alice, null);
    assertThat(fetched.status()).isEqualTo(200);
    assertThat(fetched.json().getJsonObject("data")).isEqualTo(data);
  }

  @Test
  void patchChangesTheLabelAndReplacesTheMetadataAndKeepsWhatItLeavesOut() {
    String id = conduit.call("POST", "/api/connections", alice, """
        {"data":{"type":"connections","attributes":{"connector":"github","label":"ci bot","metadata":{"team":"infra","env":"prod"}}}}""")
        .json().getJsonObject("data").getString("id");

    TestConduit.Response relabelled = patch(id, alice, "{\"label\":\"release bot\"}");
    TestConduit.Response remetadated = patch(id, alice, "{\"metadata\":{\"team\":\"platform\"}}");
    TestConduit.Response unlabelled = patch(id, alice, "{\"label\":null}");

    assertThat(relabelled.status()).as(relabelled.body()).isEqualTo(200);
    assertThat(relabelled.json().getJsonObject("data").getJsonObject("attributes").getString("label"))
        .isEqualTo("release bot");
    JsonObject attributes = remetadated.json().getJsonObject("data").getJsonObject("attributes");
    assertThat(attributes.getString("label")).isEqualTo("release bot");
    assertThat(attributes.getJsonObject("metadata")).isEqualTo(new JsonObject().put("team", "platform"));
    assertThat(unlabelled.json().getJsonObject("data").getJsonObject("attributes").getValue("label")).isNull();
    TestConduit.Response fetched = conduit.call("GET", "/api/connections/" + id, alice, null);
    assertThat(fetched.json().getJsonObject("data")).isEqualTo(unlabelled.json().getJsonObject("data"));
  }

  @Test
  void patchRefusesOtherAttributesAnotherIdAnotherOwnerAndChangesNothing() {
    String id = conduit.call("POST", "/api/connections", alice, """
        {"data":{"type":"connections","attributes":{"connector":"github","label":"ci bot"}}}""")
        .json().getJsonObject("data").getString("id");

    TestConduit.Response connector = patch(id, alice, "{\"connector\":\"slack\"}");
    TestConduit.Response status = patch(id, alice, "{\"status\":\"active\"}");
    TestConduit.Response otherId = conduit.call("PATCH", "/api/connections/" + id, alice, "{\"data\":{\"type\":"
        + "\"connections\",\"id\":\"" + java.util.UUID.randomUUID() + "\",\"attributes\":{\"label\":\"x\"}}}");
    TestConduit.Response otherType = conduit.call("PATCH", "/api/connections/" + id, alice,
        "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"label\":\"x\"}}}");
    TestConduit.Response bobs = patch(id, TestConduit.token("bob"), "{\"label\":\"mine now\"}");
    TestConduit.Response big = patch(id, alice, "{\"metadata\":{\"blob\":\"" + "x".repeat(9000) + "\"}}");

    assertThat(connector.status()).isEqualTo(400);
    assertThat(connector.error().getJsonObject("source").getString("pointer")).isEqualTo("/data/attributes/connector");
    assertThat(status.status()).isEqualTo(400);
    assertThat(otherId.status()).isEqualTo(409);
    assertThat(otherType.status()).isEqualTo(409);
    assertThat(bobs.status()).isEqualTo(404);
    assertThat(bobs.error().getString("code")).isEqualTo("not_found");
    assertThat(big.status()).isEqualTo(400);
    assertThat(patch(java.util.UUID.randomUUID().toString(), alice, "{\"label\":\"x\"}").status()).isEqualTo(404);
    JsonObject kept = conduit.call("GET", "/api/connections/" + id, alice, null).json().getJsonObject("data")
        .getJsonObject("attributes");
    assertThat(kept.getString("label")).isEqualTo("ci bot");
    assertThat(kept.getString("connector")).isEqualTo("github");
    assertThat(kept.getString("status")).isEqualTo("pending");
  }

  private static TestConduit.Response patch(String id, String token, String attributes) {
    return conduit.call("PATCH", "/api/connections/" + id, token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":" + attributes + "}}");
  }

  @Test
  void anUnknownConnectorIs422PointingAtIt() {
    TestConduit.Response response = conduit.call("POST", "/api/connections", alice,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"myspace\"}}}");

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.error().getString("code")).isEqualTo("unknown_connector");
    assertThat(response.error().getJsonObject("source").getString("pointer")).isEqualTo("/data/attributes/connector");
  }

  @Test
  void depositingOAuthTokensActivatesTheConnectionAndShowsOnlyMetadata() {
    String id = conduit.createConnection(alice, "github");
    Instant expiresAt = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    TestConduit.Response deposited = conduit.deposit(alice, id, """
        {"kind":"oauth2","accessToken":"gho_access_1","refreshToken":"ghr_refresh_1",
         "expiresAt":"%s","scopes":["repo","read:user"],"tokenType":"bearer"}""".formatted(expiresAt));

    assertThat(deposited.status()).isEqualTo(200);
    JsonObject attributes = deposited.json().getJsonObject("data").getJsonObject("attributes");
    assertThat(attributes.getString("status")).isEqualTo("active");
    assertThat(attributes.getJsonObject("credential")).isEqualTo(new JsonObject()
        .put("kind", "oauth2").put("expiresAt", expiresAt.toString())
        .put("scopes", new JsonArray().add("repo").add("read:user")).putNull("lastRefreshedAt"));
    assertThat(deposited.body()).doesNotContain("gho_access_1").doesNotContain("ghr_refresh_1");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "2030-11-22T11:00:00Z, 2030-11-22T11:00:00Z",
      "2030-11-22T13:00:00+02:00, 2030-11-22T11:00:00Z",
      "2030-11-22t11:00:00z, 2030-11-22T11:00:00Z",
      "2030-11-22T11:00:00.123456Z, 2030-11-22T11:00:00Z",
      "2030-11-22T11:00:00.123456789012Z, 2030-11-22T11:00:00Z",
      "2030-11-22T11:00:00-00:00, 2030-11-22T11:00:00Z",
      "2030-11-23T10:59:00+23:59, 2030-11-22T11:00:00Z",
      "2030-11-22T01:30:00-09:30, 2030-11-22T11:00:00Z"})
  void anExpiryTimeIsReadAsRfc3339AllowsAndAnsweredInUtc(String written, String utc) {
    String id = conduit.createConnection(alice, "github");

    TestConduit.Response deposited = conduit.deposit(alice, id,
        "{\"kind\":\"oauth2\",\"accessToken\":\"gho_1\",\"expiresAt\":\"" + written + "\"}");

    assertThat(deposited.status()).as(deposited.body()).isEqualTo(200);
    assertThat(deposited.json().getJsonObject("data").getJsonObject("attributes").getJsonObject("credential")
        .getString("expiresAt")).isEqualTo(utc);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"2030-11-22 11:00:00Z", "2030-11-22T11:00Z", "2030-11-22T11:00:00",
      "2030-11-22T11:00:00+0200"})
  void anExpiryTimeThatIsNoRfc3339DateTimeIsASentence(String written) {
    String id = conduit.createConnection(alice, "github");

    TestConduit.Response refused = conduit.deposit(alice, id,
        "{\"kind\":\"oauth2\",\"accessToken\":\"gho_1\",\"expiresAt\":\"" + written + "\"}");

    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.error().getString("detail"))
        .startsWith("expiresAt must be an RFC 3339 date-time with an offset");
    assertThat(refused.error().getJsonObject("source").getString("pointer")).isEqualTo("/data/attributes/expiresAt");
    assertThat(conduit.call("GET", "/api/connections/" + id, alice, null).json().getJsonObject("data")
        .getJsonObject("attributes").getString("status")).isEqualTo("pending");
  }

  @Test
  void vendReturnsTheAccessTokenButNeverTheRefreshToken() {
    String id = conduit.createConnection(alice, "github");
    conduit.deposit(alice, id, """
        {"kind":"oauth2","accessToken":"gho_access_2","refreshToken":"ghr_refresh_2","expiresIn":3600,"scopes":["repo"]}""");

    TestConduit.Response vended = conduit.vend(alice, id);

    assertThat(vended.status()).isEqualTo(200);
    assertThat(vended.header("Cache-Control")).isEqualTo("no-store");
    JsonObject data = vended.json().getJsonObject("data");
    assertThat(data.getString("type")).isEqualTo("secrets");
    assertThat(data.getString("id")).isEqualTo(id);
    JsonObject secret = data.getJsonObject("attributes");
    assertThat(secret.getString("kind")).isEqualTo("oauth2");
    assertThat(secret.getString("accessToken")).isEqualTo("gho_access_2");
    assertThat(secret.getString("tokenType")).isEqualTo("Bearer");
    assertThat(secret.getJsonArray("scopes")).containsExactly("repo");
    assertThat(Instant.parse(secret.getString("expiresAt"))).isAfter(Instant.now().plusSeconds(3500));
    assertThat(vended.body()).doesNotContain("ghr_refresh_2").doesNotContain("refresh");
  }

  @Test
  void vendsApiKeysAndBasicCredentials() {
    String stripe = conduit.createConnection(alice, "stripe");
    assertThat(conduit.deposit(alice, stripe, "{\"kind\":\"api_key\",\"apiKey\":\"sk_test_123\"}").status()).isEqualTo(200);
    JsonObject key = conduit.vend(alice, stripe).json().getJsonObject("data").getJsonObject("attributes");
    assertThat(key.getString("kind")).isEqualTo("api_key");
    assertThat(key.getString("apiKey")).isEqualTo("sk_test_123");
    assertThat(key.getValue("apiSecret")).isNull();

    String freshdesk = conduit.createConnection(alice, "freshdesk");
    assertThat(conduit.deposit(alice, freshdesk, "{\"kind\":\"basic\",\"username\":\"key-123\",\"password\":\"X\"}")
        .status()).isEqualTo(200);
    JsonObject basic = conduit.vend(alice, freshdesk).json().getJsonObject("data").getJsonObject("attributes");
    assertThat(basic.getString("username")).isEqualTo("key-123");
    assertThat(basic.getString("password")).isEqualTo("X");
  }

  @Test
  void aNewDepositReplacesTheOldSecret() {
    String id = conduit.createConnection(alice, "stripe");
    conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"sk_old\"}");
    conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"sk_new\",\"apiSecret\":\"pair\"}");

    JsonObject key = conduit.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes");

    assertThat(key.getString("apiKey")).isEqualTo("sk_new");
    assertThat(key.getString("apiSecret")).isEqualTo("pair");
  }

  @Test
  void theCredentialKindMustMatchTheConnector() {
    String id = conduit.createConnection(alice, "github");

    TestConduit.Response response = conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"k\"}");

    assertThat(response.status()).isEqualTo(422);
    assertThat(response.error().getString("code")).isEqualTo("kind_mismatch");
    assertThat(conduit.vend(alice, id).error().getString("code")).isEqualTo("pending");
  }

  @Test
  void vendExplainsWhyThereIsNoSecret() {
    String pending = conduit.createConnection(alice, "github");
    assertThat(conduit.vend(alice, pending).status()).isEqualTo(409);
    assertThat(conduit.vend(alice, pending).error().getString("code")).isEqualTo("pending");

    String expired = conduit.createConnection(alice, "github");
    conduit.deposit(alice, expired, "{\"kind\":\"oauth2\",\"accessToken\":\"old\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
    TestConduit.Response unavailable = conduit.vend(alice, expired);
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.error().getString("code")).isEqualTo("provider_unavailable");
    assertThat(unavailable.body()).doesNotContain("\"old\"");

    // as a refresh that met a dead refresh token does it: the status, then the change announced to every vault cache
    TestDatabase.execute("UPDATE connections SET status = 'needs_reauth' WHERE id = '" + expired + "'");
    TestDatabase.execute("SELECT pg_notify('" + CredentialRepository.CHANGES_CHANNEL + "', '" + expired + "')");
    TestConduit.Response reauth = conduit.vend(alice, expired);
    assertThat(reauth.status()).isEqualTo(409);
    assertThat(reauth.error().getString("code")).isEqualTo("needs_reauth");

    assertThat(conduit.vend(alice, "00000000-0000-0000-0000-000000000000").status()).isEqualTo(404);
  }

  @Test
  void aTokenWithinTheRefreshLeadIsStillVendedWhileValid() {
    String id = conduit.createConnection(alice, "github");
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"soon\",\"expiresIn\":60}");

    assertThat(conduit.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes")
        .getString("accessToken")).isEqualTo("soon");
  }

  @Test
  void revokeDestroysTheSecretAndKeepsTheConnection() {
    String id = conduit.createConnection(alice, "github");
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"gho_x\",\"refreshToken\":\"ghr_x\",\"expiresIn\":600}");

    TestConduit.Response revoked = conduit.call("POST", "/api/connections/" + id + "/revoke", alice, null);

    assertThat(revoked.status()).isEqualTo(200);
    JsonObject attributes = revoked.json().getJsonObject("data").getJsonObject("attributes");
    assertThat(attributes.getString("status")).isEqualTo("revoked");
    assertThat(attributes.getValue("credential")).isNull();
    assertThat(Sql.count("SELECT count(*) FROM credentials WHERE connection_id = '" + id + "'")).isZero();
    TestConduit.Response vend = conduit.vend(alice, id);
    assertThat(vend.status()).isEqualTo(410);
    assertThat(vend.error().getString("code")).isEqualTo("revoked");
    assertThat(conduit.call("POST", "/api/connections/" + id + "/revoke", alice, null).status()).isEqualTo(200);
    TestConduit.Response redeposit = conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"again\"}");
    assertThat(redeposit.status()).isEqualTo(410);
  }

  @Test
  void deleteRemovesEverything() {
    String id = conduit.createConnection(alice, "github");
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"gho_y\"}");

    TestConduit.Response deleted = conduit.call("DELETE", "/api/connections/" + id, alice, null);

    assertThat(deleted.status()).isEqualTo(204);
    assertThat(deleted.body()).isEmpty();
    assertThat(Sql.count("SELECT count(*) FROM connections WHERE id = '" + id + "'")).isZero();
    assertThat(Sql.count("SELECT count(*) FROM credentials WHERE connection_id = '" + id + "'")).isZero();
    assertThat(conduit.call("GET", "/api/connections/" + id, alice, null).status()).isEqualTo(404);
    assertThat(conduit.call("DELETE", "/api/connections/" + id, alice, null).status()).isEqualTo(404);
  }

  @Test
  void listsNewestFirstWithFiltersAndCursorPaging() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      ids.add(conduit.createConnection(alice, i % 2 == 0 ? "github" : "stripe"));
    }
    conduit.deposit(alice, ids.get(1), "{\"kind\":\"api_key\",\"apiKey\":\"k\"}");

    List<String> seen = new ArrayList<>();
    String next = "/api/connections?page%5Bsize%5D=2";
    int pages = 0;
    while (next != null) {
      JsonObject page = conduit.call("GET", next, alice, null).json();
      page.getJsonArray("data").forEach(o -> seen.add(((JsonObject) o).getString("id")));
      next = page.getJsonObject("links").getString("next");
      pages++;
    }
    assertThat(pages).isEqualTo(3);
    List<String> newestFirst = new ArrayList<>(ids);
    Collections.reverse(newestFirst);
    assertThat(seen).containsExactlyElementsOf(newestFirst);

    JsonArray github = conduit.call("GET", "/api/connections?filter%5Bconnector%5D=github", alice, null).json()
        .getJsonArray("data");
    assertThat(github).hasSize(3);
    JsonArray active = conduit.call("GET", "/api/connections?filter%5Bstatus%5D=active", alice, null).json()
        .getJsonArray("data");
    assertThat(active).hasSize(1);
    assertThat(active.getJsonObject(0).getString("id")).isEqualTo(ids.get(1));
  }

  @Test
  void pagingParametersAreChecked() {
    assertThat(conduit.call("GET", "/api/connections?page%5Bsize%5D=0", alice, null).status()).isEqualTo(400);
    assertThat(conduit.call("GET", "/api/connections?page%5Bsize%5D=201", alice, null).status()).isEqualTo(400);
    TestConduit.Response badCursor = conduit.call("GET", "/api/connections?page%5Bcursor%5D=nonsense", alice, null);
    assertThat(badCursor.status()).isEqualTo(400);
    assertThat(badCursor.error().getJsonObject("source").getString("parameter")).isEqualTo("page[cursor]");
    assertThat(conduit.call("GET", "/api/connections?filter%5Bstatus%5D=gone", alice, null).status()).isEqualTo(400);
  }
}
