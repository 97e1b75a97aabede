package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit entries of what Conduit does by itself, against a scripted provider: a refresh on read, the flip to
 * needs_reauth, and the re-authorization by a new deposit, each recorded as {@code system} (the sweep is kept out
 * of the way). Entries are flushed every second; the tests allow a few.
 */
class AuditRefreshTest {

  private static final String ACCESS = "canary-at-5e1c";
  private static final String REFRESH = "canary-rt-9b7d";

  @TempDir
  static Path connectors;
  private static FakeProvider provider;
  private static TestConduit conduit;
  // an owner of its own per test: entries a previous test recorded may be flushed after its truncation
  private final String alice = TestConduit.token("alice-" + UUID.randomUUID());

  @BeforeAll
  static void start() {
    provider = new FakeProvider();
    conduit = TestConduit.start(ProviderEnvironment.of(provider, connectors, "PT1H"));
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
  }

  @Test
  void aRefreshOnReadIsRecordedAsSystemWithTheVendsRequestId() {
    String id = stale();
    provider.always(FakeProvider.Answer.tokens("at-new", "rt-new", 3600));

    TestConduit.Response vend = conduit.vend(alice, id);
    assertThat(vend.status()).isEqualTo(200);
    String requestId = vend.header("X-Request-Id");

    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(summaries())
        .contains("refresh ok system " + requestId, "vend ok " + requestId));
    assertThat(entries().encode()).doesNotContain(ACCESS).doesNotContain(REFRESH).doesNotContain("at-new")
        .doesNotContain("rt-new");
  }

  @Test
  void aDeadRefreshTokenAndTheReauthorizationAreRecorded() {
    String id = stale();
    provider.always(FakeProvider.Answer.json(400, "{\"error\":\"invalid_grant\"}"));
    assertThat(conduit.vend(alice, id).status()).isEqualTo(409);
    assertThat(conduit.deposit(alice, id, """
        {"kind":"oauth2","accessToken":"fresh","refreshToken":"rt-fresh","expiresIn":3600}""").status())
        .isEqualTo(200);

    Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(actions())
        .contains("needs_reauth ok system", "vend needs_reauth", "reauthorize ok system"));
  }

  /** A connection whose access token has expired: the next vend refreshes it. */
  private String stale() {
    String id = conduit.createConnection(alice, "acme");
    conduit.deposit(alice, id, """
        {"kind":"oauth2","accessToken":"%s","refreshToken":"%s","expiresAt":"2020-01-01T00:00:00Z"}"""
        .formatted(ACCESS, REFRESH));
    return id;
  }

  private JsonArray entries() {
    TestConduit.Response response = conduit.call("GET", "/api/audit-events?page%5Bsize%5D=200", alice, null);
    assertThat(response.status()).isEqualTo(200);
    return response.json().getJsonArray("data");
  }

  /** action, outcome, actor (when system) and request id of each entry. */
  private List<String> summaries() {
    return entries().stream().map(JsonObject.class::cast).map(entry -> entry.getJsonObject("attributes"))
        .map(a -> a.getString("action") + " " + a.getString("outcome")
            + ("system".equals(a.getString("actor")) ? " system" : "") + " " + a.getString("requestId"))
        .toList();
  }

  /** action, outcome and (when system) actor of each entry. */
  private List<String> actions() {
    return entries().stream().map(JsonObject.class::cast).map(entry -> entry.getJsonObject("attributes"))
        .map(a -> a.getString("action") + " " + a.getString("outcome")
            + ("system".equals(a.getString("actor")) ? " system" : ""))
        .toList();
  }
}
