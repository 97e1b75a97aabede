package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Refresh on read against a scripted provider on loopback (the sweep is kept out of the way). */
class RefreshOnReadTest {

  @TempDir
  static Path connectors;
  private static FakeProvider provider;
  private static TestConduit conduit;
  private static final List<ConnectionEvent> published = new CopyOnWriteArrayList<>();
  private final String alice = TestConduit.token("alice");

  @BeforeAll
  static void start() {
    provider = new FakeProvider();
    conduit = TestConduit.start(ProviderEnvironment.of(provider, connectors, "PT1H"));
    conduit.server.vertx().eventBus().<ConnectionEvent>consumer(Addresses.CONNECTION_NEEDS_REAUTH,
        message -> published.add(message.body()));
  }

  @AfterAll
  static void stop() {
    conduit.close();
    provider.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
    provider.reset();
    published.clear();
  }

  /** A connection whose access token expired: the next vend must refresh it. */
  private String stale(String refreshToken) {
    String id = conduit.createConnection(alice, "acme");
    conduit.deposit(alice, id, """
        {"kind":"oauth2","accessToken":"expired","refreshToken":"%s","expiresAt":"2020-01-01T00:00:00Z"}"""
        .formatted(refreshToken));
    return id;
  }

  /**
   * A connection whose token is due (inside its refresh window) but still valid for an hour: its refresh is
   * moved into the past in the database. Nothing has vended it yet, so no vault holds it in its vend cache (the
   * cache is filled by vends only, and the deposit dropped it everywhere): the first vend reads this row.
   */
  private String dueButValid(String accessToken) {
    String id = conduit.createConnection(alice, "acme");
    assertThat(conduit.deposit(alice, id, """
        {"kind":"oauth2","accessToken":"%s","refreshToken":"rt-0","expiresIn":3600}""".formatted(accessToken))
        .status()).isEqualTo(200);
    TestDatabase.execute("UPDATE credentials SET refresh_due_at = now() - interval '1 second'"
        + " WHERE connection_id = '" + id + "'");
    return id;
  }

  private String accessToken(TestConduit.Response vend) {
    assertThat(vend.status()).as(vend.body()).isEqualTo(200);
    return vend.json().getJsonObject("data").getJsonObject("attributes").getString("accessToken");
  }

  private JsonObject connection(String id) {
    return conduit.call("GET", "/api/connections/" + id, alice, null).json().getJsonObject("data");
  }

  @Test
  void aStaleTokenIsRefreshedBeforeItIsVended() {
    String id = stale("rt-0");

    assertThat(accessToken(conduit.vend(alice, id))).isEqualTo("at-1");

    FakeProvider.Call call = provider.tokenCalls().get(0);
    assertThat(call.form()).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "rt-0");
    String basic = new String(Base64.getDecoder().decode(call.authorization().substring("Basic ".length())),
        StandardCharsets.US_ASCII);
    assertThat(basic).isEqualTo("acme-client:s3cr%3At%2B%25%2F+x");
    assertThat(accessToken(conduit.vend(alice, id))).isEqualTo("at-1");
    assertThat(provider.tokenCalls()).hasSize(1);
    JsonObject credential = connection(id).getJsonObject("attributes").getJsonObject("credential");
    assertThat(credential.getString("lastRefreshedAt")).isNotNull();
    assertThat(Instant.parse(credential.getString("expiresAt"))).isAfter(Instant.now().plusSeconds(3000));
  }

  @Test
  void aFormEncodedAnswerIsUnderstood() {
    provider.always(new FakeProvider.Answer(200, "application/x-www-form-urlencoded",
        "access_token=gho_form&token_type=bearer&scope=repo%2Cgist&expires_in=28800", Map.of(), 0));
    String id = stale("rt-0");

    TestConduit.Response vend = conduit.vend(alice, id);

    assertThat(accessToken(vend)).isEqualTo("gho_form");
    assertThat(vend.json().getJsonObject("data").getJsonObject("attributes").getJsonArray("scopes"))
        .containsExactly("repo", "gist");
  }

  @Test
  void aRotatedRefreshTokenIsUsedNextTime() {
    String id = stale("rt-0");
    accessToken(conduit.vend(alice, id));
    TestDatabase.execute("UPDATE credentials SET expires_at = now() - interval '1 second',"
        + " refresh_due_at = now() - interval '1 second' WHERE connection_id = '" + id + "'");

    assertThat(accessToken(conduit.vend(alice, id))).isEqualTo("at-2");

    assertThat(provider.tokenCalls()).extracting(c -> c.form().get("refresh_token")).containsExactly("rt-0", "rt-1");
  }

  @Test
  void anOmittedRefreshTokenKeepsTheOldOne() {
    provider.script(call -> FakeProvider.Answer.tokens("at-new", null, 3600));
    String id = stale("rt-keep");
    accessToken(conduit.vend(alice, id));
    TestDatabase.execute("UPDATE credentials SET expires_at = now() - interval '1 second',"
        + " refresh_due_at = now() - interval '1 second' WHERE connection_id = '" + id + "'");

    accessToken(conduit.vend(alice, id));

    assertThat(provider.tokenCalls()).extracting(c -> c.form().get("refresh_token")).containsExactly("rt-keep", "rt-keep");
  }

  @Test
  void aDeadRefreshTokenFlipsToNeedsReauthWithAnOutboxEventAndABusEvent() {
    provider.always(FakeProvider.Answer.json(400, "{\"error\":\"invalid_grant\",\"error_description\":\"revoked\"}"));
    String id = stale("rt-dead");

    TestConduit.Response vend = conduit.vend(alice, id);

    assertThat(vend.status()).isEqualTo(409);
    assertThat(vend.error().getString("code")).isEqualTo("needs_reauth");
    JsonObject data = connection(id);
    assertThat(data.getJsonObject("attributes").getString("status")).isEqualTo("needs_reauth");
    assertThat(data.getJsonObject("meta").getString("statusReason")).isEqualTo("invalid_grant");
    // the first deposit made the connection active: connection.connected is its first event
    List<String> events = Sql.rows("SELECT payload::text FROM webhook_events WHERE connection_id = '" + id + "'"
        + " ORDER BY sequence");
    assertThat(events).hasSize(2);
    assertThat(new JsonObject(events.get(0)).getString("type")).isEqualTo("connection.connected");
    JsonObject event = new JsonObject(events.get(1));
    assertThat(event.getString("type")).isEqualTo("connection.needs_reauth");
    assertThat(event.getJsonObject("data").getString("reason")).isEqualTo("invalid_grant");
    assertThat(event.getJsonObject("data").getLong("sequence")).isEqualTo(2);
    assertThat(event.encode()).doesNotContain("rt-dead").doesNotContain("expired");
    Wait.patiently().until(() -> !published.isEmpty());
    assertThat(published).extracting(ConnectionEvent::connectionId).containsExactly(java.util.UUID.fromString(id));
    assertThat(conduit.vend(alice, id).status()).isEqualTo(409);
    assertThat(provider.tokenCalls()).hasSize(1);
  }

  @Test
  void transientFailuresLeaveTheStatusAndServeTheOldTokenWhileValid() {
    List<FakeProvider.Answer> failures = List.of(
        FakeProvider.Answer.json(500, "{\"error\":\"server_error\"}"),
        FakeProvider.Answer.json(429, "{}").withHeader("Retry-After", "120"),
        FakeProvider.Answer.json(200, "{\"error\":\"temporarily_unavailable\"}"),
        new FakeProvider.Answer(200, "text/html", "<html>captive portal</html>", Map.of(), 0),
        FakeProvider.Answer.json(200, "{\"token_type\":\"bearer\"}"),
        FakeProvider.Answer.json(200, "{\"access_token\":\"" + "x".repeat(70_000) + "\"}"),
        FakeProvider.Answer.tokens("late", "rt-late", 3600).delayed(ProviderEnvironment.NO_ANSWER_IN_TIME_MILLIS));
    for (FakeProvider.Answer failure : failures) {
      provider.always(failure);
      String id = dueButValid("still-good");

      assertThat(accessToken(conduit.vend(alice, id))).as(failure.toString()).isEqualTo("still-good");

      JsonObject data = connection(id);
      assertThat(data.getJsonObject("attributes").getString("status")).isEqualTo("active");
      assertThat(data.getJsonObject("meta").getJsonObject("refresh").getInteger("failureCount")).isEqualTo(1);
      assertThat(data.getJsonObject("meta").getJsonObject("refresh").getString("lastError")).isNotBlank()
          .doesNotContain("captive").doesNotContain("still-good");
    }
  }

  @Test
  void retryAfterPushesTheNextAttemptBack() {
    provider.always(FakeProvider.Answer.json(429, "{}").withHeader("Retry-After", "120"));
    String id = dueButValid("good");

    conduit.vend(alice, id);

    Instant next = Instant.parse(connection(id).getJsonObject("meta").getJsonObject("refresh").getString("nextAttemptAt"));
    assertThat(next).isAfter(Instant.now().plusSeconds(110));
    conduit.vend(alice, id);
    assertThat(provider.tokenCalls()).hasSize(1);
  }

  @Test
  void onceExpiredAndUnrefreshableTheVendAnswers503() {
    provider.always(FakeProvider.Answer.json(503, "{}"));
    String id = stale("rt-0");

    TestConduit.Response vend = conduit.vend(alice, id);

    assertThat(vend.status()).isEqualTo(503);
    assertThat(vend.error().getString("code")).isEqualTo("provider_unavailable");
    assertThat(connection(id).getJsonObject("attributes").getString("status")).isEqualTo("active");
  }

  @Test
  void anInvalidGrantAfterALostAnswerIsReportedAsLostInFlight() {
    provider.always(FakeProvider.Answer.tokens("never-seen", "rt-rotated", 3600)
        .delayed(ProviderEnvironment.NO_ANSWER_IN_TIME_MILLIS));
    String id = dueButValid("good");
    conduit.vend(alice, id);
    assertThat(Sql.rows("SELECT refresh_in_doubt FROM credentials WHERE connection_id = '" + id + "'"))
        .containsExactly("t");

    provider.always(FakeProvider.Answer.json(400, "{\"error\":\"invalid_grant\"}"));
    TestDatabase.execute("UPDATE credentials SET refresh_due_at = now() WHERE connection_id = '" + id + "'");
    assertThat(conduit.vend(alice, id).status()).isEqualTo(409);

    assertThat(connection(id).getJsonObject("meta").getString("statusReason")).isEqualTo("refresh_token_lost_in_flight");
  }

  @Test
  void aProviderThatRefusesOurClientRaisesAnAlarmAndLeavesTheConnectionAlone() {
    provider.always(FakeProvider.Answer.json(401, "{\"error\":\"invalid_client\"}"));
    String id = stale("rt-0");

    assertThat(conduit.vend(alice, id).status()).isEqualTo(503);

    assertThat(connection(id).getJsonObject("attributes").getString("status")).isEqualTo("active");
    assertThat(conduit.get("/api/connectors/acme").json().getJsonObject("data").getJsonObject("attributes")
        .getBoolean("configured")).isFalse();
    assertThat(conduit.get("/metrics").body()).contains("conduit_connector_alarm{connector=\"acme\"} 1.0");

    provider.rotatingTokens(3600);
    TestDatabase.execute("UPDATE credentials SET refresh_due_at = now() WHERE connection_id = '" + id + "'");
    assertThat(conduit.vend(alice, id).status()).isEqualTo(200);
    assertThat(conduit.get("/api/connectors/acme").json().getJsonObject("data").getJsonObject("attributes")
        .getBoolean("configured")).isTrue();
  }

  /**
   * A 4-second token is due halfway through its life, not 5 minutes (the lead) before it ends, which would be on
   * every vend. Vends go on for 5 seconds and at least 100 vends, however long those take on a busy machine, so
   * the token is refreshed at least once; and at most once per 2 seconds, far fewer times than it was vended.
   */
  @Test
  void aTokenShorterLivedThanTheLeadIsNotRefreshedOnEveryVend() {
    provider.rotatingTokens(4);
    String id = conduit.createConnection(alice, "acme");
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"short\",\"refreshToken\":\"rt-0\",\"expiresIn\":4}");

    long started = System.nanoTime();
    int vends = 0;
    while (vends < 100 || System.nanoTime() - started < Duration.ofSeconds(5).toNanos()) {
      assertThat(conduit.vend(alice, id).status()).isEqualTo(200);
      vends++;
    }
    double seconds = (System.nanoTime() - started) / 1e9;

    assertThat(provider.tokenCalls().size()).isBetween(1, 1 + (int) (seconds / 2));
  }

  @Test
  void aForcedRefreshHappensAtMostOnceIn30Seconds() {
    String id = conduit.createConnection(alice, "acme");
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"fresh\",\"refreshToken\":\"rt-0\",\"expiresIn\":3600}");

    assertThat(accessToken(conduit.vend(alice, id))).isEqualTo("fresh");
    assertThat(accessToken(conduit.call("POST", "/api/connections/" + id + "/vend?forceRefresh=true", alice, null)))
        .isEqualTo("at-1");
    assertThat(accessToken(conduit.call("POST", "/api/connections/" + id + "/vend?forceRefresh=true", alice, null)))
        .isEqualTo("at-1");

    assertThat(provider.tokenCalls()).hasSize(1);
    assertThat(conduit.call("POST", "/api/connections/" + id + "/vend?forceRefresh=maybe", alice, null).status())
        .isEqualTo(400);
  }

  @Test
  void revokingAsksTheProviderToRevokeTheRefreshToken() {
    String id = conduit.createConnection(alice, "acme");
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"refreshToken\":\"rt-revoke-me\",\"expiresIn\":3600}");

    conduit.call("POST", "/api/connections/" + id + "/revoke", alice, null);

    Wait.patiently().until(() -> !provider.revocations().isEmpty());
    assertThat(provider.revocations()).hasSize(1);
    FakeProvider.Call revocation = provider.revocations().get(0);
    assertThat(revocation.form()).containsEntry("token", "rt-revoke-me").containsEntry("token_type_hint", "refresh_token");
    assertThat(revocation.authorization()).startsWith("Basic ");
  }
}
