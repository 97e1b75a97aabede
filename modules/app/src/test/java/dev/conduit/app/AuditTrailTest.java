package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/audit-events} on a whole server: each action a caller takes shows up in the caller's trail with
 * its request id and outcome, soon after the request (entries are flushed every second: the tests allow a few);
 * filters and paging; another owner's entries never; no secret in any entry; the vend leaves an entry, not a log line.
 */
class AuditTrailTest extends OneServerPerClass {

  /** The flush interval is one second; a few seconds allow for a busy machine. */
  private static final Duration WITHIN_A_FEW_SECONDS = Duration.ofSeconds(10);
  private static final String CANARY_ACCESS = "canary-access-0f3b9c2e7d";
  private static final String CANARY_REFRESH = "canary-refresh-6a1d8e4b2c";
  // owners of their own per test: entries a previous test recorded may be flushed after its truncation
  private final String aliceName = "alice-" + UUID.randomUUID();
  private final String alice = TestConduit.token(aliceName);
  private final String bob = TestConduit.token("bob-" + UUID.randomUUID());

  @Test
  void everyActionOfACallerAppearsInItsTrailWithItsRequestIdAndOutcome() {
    String github = created(call("req-create", "POST", "/api/connections", alice, connection("github")));
    assertThat(call("req-deposit", "PUT", "/api/connections/" + github + "/credential", alice,
        credential(CANARY_ACCESS, CANARY_REFRESH)).status()).isEqualTo(200);
    assertThat(call("req-vend", "POST", "/api/connections/" + github + "/vend", alice, null).status()).isEqualTo(200);
    assertThat(call("req-revoke", "POST", "/api/connections/" + github + "/revoke", alice, null).status())
        .isEqualTo(200);
    assertThat(call("req-vend-revoked", "POST", "/api/connections/" + github + "/vend", alice, null).status())
        .isEqualTo(410);
    assertThat(call("req-delete", "DELETE", "/api/connections/" + github, alice, null).status()).isEqualTo(204);
    String webhook = created(call("req-webhook", "POST", "/api/webhooks", alice, """
        {"data":{"type":"webhooks","attributes":{"url":"https://93.184.215.14/hooks","events":["connection.revoked"]}}}
        """));
    assertThat(call("req-webhook-delete", "DELETE", "/api/webhooks/" + webhook, alice, null).status())
        .isEqualTo(204);
    assertThat(call("req-session", "POST", "/api/connect-sessions", alice, """
        {"data":{"type":"connect-sessions","attributes":{"connectors":["stripe"]}}}""").status()).isEqualTo(201);

    List<String> expected = List.of(
        "connect_session.create ok req-session",
        "webhook.delete ok req-webhook-delete",
        "webhook.create ok req-webhook",
        "delete ok req-delete",
        "vend revoked req-vend-revoked",
        "revoke ok req-revoke",
        "vend ok req-vend",
        "credential.deposit ok req-deposit",
        "connection.create ok req-create");
    within().untilAsserted(() -> assertThat(summaries(all(alice, ""))).containsExactlyElementsOf(expected));
    JsonArray entries = all(alice, "");
    for (Object item : entries) {
      JsonObject entry = (JsonObject) item;
      assertThat(entry.getString("type")).isEqualTo("audit-events");
      assertThat(entry.getJsonObject("attributes").getString("actor")).isEqualTo(aliceName);
      assertThat(Instant.parse(entry.getJsonObject("attributes").getString("at")))
          .isBefore(Instant.now().plusSeconds(1));
    }
    assertThat(entries.getJsonObject(entries.size() - 1).getJsonObject("attributes").getString("connectionId"))
        .isEqualTo(github);
    assertThat(entries.encode()).doesNotContain(CANARY_ACCESS).doesNotContain(CANARY_REFRESH);
  }

  @Test
  void aVendLeavesAnEntryAndNoInfoLogLine() {
    String stripe = conduit.createConnection(alice, "stripe");
    conduit.deposit(alice, stripe, "{\"kind\":\"api_key\",\"apiKey\":\"" + CANARY_ACCESS + "\"}");
    try (LogCapture log = new LogCapture()) {
      assertThat(conduit.vend(alice, stripe).status()).isEqualTo(200);

      within().untilAsserted(() -> assertThat(summaries(all(alice, "?filter%5Baction%5D=vend")))
          .hasSize(1).allMatch(summary -> summary.startsWith("vend ok ")));
      assertThat(log.text().lines().filter(line -> line.startsWith("INFO ")))
          .noneMatch(line -> line.contains(stripe));
      assertThat(log.text()).doesNotContain(CANARY_ACCESS);
    }
    assertThat(Sql.rows("SELECT t::text FROM audit_events t")).isNotEmpty()
        .noneMatch(row -> row.contains(CANARY_ACCESS));
  }

  @Test
  void filtersNarrowTheTrailAndPagesFollowEachOther() {
    String first = conduit.createConnection(alice, "stripe");
    String second = conduit.createConnection(alice, "stripe");
    for (int i = 0; i < 3; i++) {
      conduit.vend(alice, first);
    }
    conduit.vend(alice, second);
    within().until(() -> all(alice, "").size() == 6);

    assertThat(all(alice, "?filter%5Bconnection%5D=" + first)).hasSize(4);
    assertThat(all(alice, "?filter%5Baction%5D=connection.create")).hasSize(2);
    assertThat(all(alice, "?filter%5Bconnection%5D=" + second + "&filter%5Baction%5D=vend")).hasSize(1);
    String future = URLEncoder.encode(Instant.now().plusSeconds(3600).toString(), StandardCharsets.UTF_8);
    assertThat(all(alice, "?filter%5Bsince%5D=" + future)).isEmpty();
    assertThat(all(alice, "?filter%5Bsince%5D=2020-01-01T00:00:00Z")).hasSize(6);

    List<String> ids = new ArrayList<>();
    String next = "/api/audit-events?filter%5Bconnection%5D=" + first + "&page%5Bsize%5D=3";
    int pages = 0;
    while (next != null) {
      JsonObject page = conduit.call("GET", next, alice, null).json();
      page.getJsonArray("data").forEach(item -> ids.add(((JsonObject) item).getString("id")));
      next = page.getJsonObject("links").getString("next");
      pages++;
    }
    assertThat(pages).isEqualTo(2);
    assertThat(ids).hasSize(4).doesNotHaveDuplicates();
  }

  @Test
  void badFiltersAreRefusedNamingTheParameter() {
    for (String query : List.of("filter%5Bconnection%5D=not-a-uuid", "filter%5Baction%5D=teleport",
        "filter%5Bsince%5D=yesterday", "page%5Bcursor%5D=not-a-cursor", "page%5Bsize%5D=0")) {
      TestConduit.Response response = conduit.call("GET", "/api/audit-events?" + query, alice, null);
      assertThat(response.status()).as(query).isEqualTo(400);
      assertThat(response.error().getString("code")).isEqualTo("validation_failed");
      assertThat(response.error().getJsonObject("source").getString("parameter"))
          .isEqualTo(URLEncoder.encode(query.substring(0, query.indexOf('=')), StandardCharsets.UTF_8)
              .replace("%25", "%").replace("%5B", "[").replace("%5D", "]"));
    }
    assertThat(conduit.call("GET", "/api/audit-events", null, null).status()).isEqualTo(401);
  }

  @Test
  void anOwnerNeverSeesAnotherOwnersEntries() {
    String alices = conduit.createConnection(alice, "stripe");
    conduit.vend(alice, alices);
    TestConduit.Response stolen = conduit.vend(bob, alices);
    assertThat(stolen.status()).isEqualTo(404);
    within().until(() -> all(alice, "").size() == 2 && all(bob, "").size() == 1);

    assertThat(summaries(all(bob, ""))).singleElement().asString().startsWith("vend not_found ");
    assertThat(all(bob, "?filter%5Bconnection%5D=" + alices)).hasSize(1);
    assertThat(all(bob, "?filter%5Baction%5D=connection.create")).isEmpty();
    assertThat(all(TestConduit.token("carol-" + UUID.randomUUID()), "")).isEmpty();
  }

  private static ConditionFactory within() {
    return Awaitility.await().atMost(WITHIN_A_FEW_SECONDS).pollDelay(Duration.ZERO)
        .pollInterval(Duration.ofMillis(100));
  }

  /** Every entry the query (after the path) finds, following links.next. */
  private static JsonArray all(String token, String query) {
    JsonArray entries = new JsonArray();
    String next = "/api/audit-events" + query;
    while (next != null) {
      TestConduit.Response response = conduit.call("GET", next, token, null);
      assertThat(response.status()).as(response.body()).isEqualTo(200);
      response.json().getJsonArray("data").forEach(entries::add);
      next = response.json().getJsonObject("links").getString("next");
    }
    return entries;
  }

  private static List<String> summaries(JsonArray entries) {
    return entries.stream().map(JsonObject.class::cast).map(entry -> entry.getJsonObject("attributes"))
        .map(a -> Stream.of(a.getString("action"), a.getString("outcome"), a.getString("requestId"))
            .reduce((x, y) -> x + " " + y).orElseThrow())
        .toList();
  }

  private static TestConduit.Response call(String requestId, String method, String path, String token,
      String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(conduit.uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token)
        .header("X-Request-Id", requestId);
    if (body != null) {
      request.header("Content-Type", "application/vnd.api+json");
    }
    return conduit.send(request);
  }

  private static String created(TestConduit.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(201);
    return response.json().getJsonObject("data").getString("id");
  }

  private static String connection(String connector) {
    return "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"" + connector + "\"}}}";
  }

  private static String credential(String access, String refresh) {
    return "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"oauth2\",\"accessToken\":\"" + access
        + "\",\"refreshToken\":\"" + refresh + "\",\"expiresIn\":3600}}}";
  }
}
