package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Forced refresh (vend?forceRefresh=true) and connectors this deployment has no OAuth client for, as API.md says:
 * at most one forced attempt per 30 s whether it succeeded or not, never the rejected token back, and
 * {@code connector_not_configured} naming the variables. {@code acme} has a client here; {@code slowco} has none.
 */
class ForcedRefreshTest {

  @TempDir
  static Path connectors;
  private static FakeProvider provider;
  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");

  @BeforeAll
  static void start() {
    provider = new FakeProvider();
    Map<String, String> environment = ProviderEnvironment.of(provider, connectors, "PT1H");
    environment.remove("CONDUIT_CONNECTOR_SLOWCO_CLIENT_ID");
    environment.remove("CONDUIT_CONNECTOR_SLOWCO_CLIENT_SECRET");
    conduit = TestConduit.start(environment);
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

  private String connection(String connector, String attributes) {
    String id = conduit.createConnection(alice, connector);
    TestConduit.Response deposited = conduit.deposit(alice, id, attributes);
    assertThat(deposited.status()).as(deposited.body()).isEqualTo(200);
    return id;
  }

  private String valid(String connector, String accessToken) {
    return connection(connector, """
        {"kind":"oauth2","accessToken":"%s","refreshToken":"rt-0","expiresIn":3600}""".formatted(accessToken));
  }

  private TestConduit.Response forcedVend(String id) {
    return conduit.call("POST", "/api/connections/" + id + "/vend?forceRefresh=true", alice, null);
  }

  private static String accessToken(TestConduit.Response vend) {
    assertThat(vend.status()).as(vend.body()).isEqualTo(200);
    return vend.json().getJsonObject("data").getJsonObject("attributes").getString("accessToken");
  }

  private static void assertProviderUnavailableWithRetryAfter(TestConduit.Response vend) {
    assertThat(vend.status()).as(vend.body()).isEqualTo(503);
    assertThat(vend.error().getString("code")).isEqualTo("provider_unavailable");
    assertThat(vend.body()).doesNotContain("rejected-token");
    assertThat(Long.parseLong(vend.header("Retry-After"))).isBetween(1L, 30L);
  }

  @Test
  void forcedVendsAgainstAFailingProviderMakeOneCallAndNeverReturnTheRejectedToken() {
    provider.always(FakeProvider.Answer.json(503, "{}"));
    String id = valid("acme", "rejected-token");

    for (int i = 0; i < 3; i++) {
      assertProviderUnavailableWithRetryAfter(forcedVend(id));
    }

    assertThat(provider.tokenCalls()).hasSize(1);
    // the connection itself is fine: an ordinary vend still gets the (unexpired) token
    assertThat(accessToken(conduit.vend(alice, id))).isEqualTo("rejected-token");
    assertThat(conduit.call("GET", "/api/connections/" + id, alice, null).json().getJsonObject("data")
        .getJsonObject("attributes").getString("status")).isEqualTo("active");
  }

  @Test
  void afterTheWindowAForcedVendTriesAgain() {
    provider.always(FakeProvider.Answer.json(503, "{}"));
    String id = valid("acme", "rejected-token");
    assertProviderUnavailableWithRetryAfter(forcedVend(id));

    provider.rotatingTokens(3600);
    TestDatabase.execute("UPDATE credentials SET forced_refresh_failed_at = now() - interval '31 seconds'"
        + " WHERE connection_id = '" + id + "'");

    assertThat(accessToken(forcedVend(id))).isEqualTo("at-1");
    assertThat(provider.tokenCalls()).hasSize(2);
  }

  @Test
  void aForcedVendAfterASuccessInsideTheWindowGetsTheRefreshedTokenWithoutACall() {
    String id = valid("acme", "rejected-token");

    assertThat(accessToken(forcedVend(id))).isEqualTo("at-1");
    provider.always(FakeProvider.Answer.json(503, "{}"));
    assertThat(accessToken(forcedVend(id))).isEqualTo("at-1");

    assertThat(provider.tokenCalls()).hasSize(1);
  }

  @Test
  void aDeadRefreshTokenOnAForcedVendIsNeedsReauth() {
    provider.always(FakeProvider.Answer.json(400, "{\"error\":\"invalid_grant\"}"));
    String id = valid("acme", "rejected-token");

    TestConduit.Response vend = forcedVend(id);

    assertThat(vend.status()).as(vend.body()).isEqualTo(409);
    assertThat(vend.error().getString("code")).isEqualTo("needs_reauth");
    assertThat(forcedVend(id).status()).isEqualTo(409);
    assertThat(provider.tokenCalls()).hasSize(1);
  }

  @Test
  void aDepositAfterAFailedForcedRefreshStartsAFreshWindow() {
    provider.always(FakeProvider.Answer.json(503, "{}"));
    String id = valid("acme", "rejected-token");
    assertProviderUnavailableWithRetryAfter(forcedVend(id));

    provider.rotatingTokens(3600);
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"new\",\"refreshToken\":\"rt-new\",\"expiresIn\":3600}");

    assertThat(accessToken(forcedVend(id))).isEqualTo("at-1");
  }

  @Test
  void anExpiredTokenOfAnUnconfiguredConnectorIsConnectorNotConfiguredNamingTheVariables() {
    String id = connection("slowco", """
        {"kind":"oauth2","accessToken":"expired","refreshToken":"rt-0","expiresAt":"2020-01-01T00:00:00Z"}""");

    TestConduit.Response vend = conduit.vend(alice, id);

    assertThat(vend.status()).as(vend.body()).isEqualTo(503);
    assertThat(vend.error().getString("code")).isEqualTo("connector_not_configured");
    assertThat(vend.error().getString("detail"))
        .contains("CONDUIT_CONNECTOR_SLOWCO_CLIENT_ID", "CONDUIT_CONNECTOR_SLOWCO_CLIENT_SECRET")
        .doesNotContain("retry later");
    assertThat(provider.tokenCalls()).isEmpty();
  }

  @Test
  void aForcedVendOfAnUnconfiguredConnectorIsConnectorNotConfigured() {
    String id = valid("slowco", "rejected-token");

    for (int i = 0; i < 2; i++) {
      TestConduit.Response vend = forcedVend(id);
      assertThat(vend.status()).as(vend.body()).isEqualTo(503);
      assertThat(vend.error().getString("code")).isEqualTo("connector_not_configured");
      assertThat(vend.error().getString("detail")).contains("CONDUIT_CONNECTOR_SLOWCO_CLIENT_ID");
    }
    // an ordinary vend of the still-valid token needs no refresh
    assertThat(accessToken(conduit.vend(alice, id))).isEqualTo("rejected-token");
    assertThat(provider.tokenCalls()).isEmpty();
  }

  @Test
  void depositingARefreshTokenForAnUnconfiguredConnectorSaysSoInMeta() {
    String id = conduit.createConnection(alice, "slowco");

    TestConduit.Response deposited = conduit.deposit(alice, id,
        "{\"kind\":\"oauth2\",\"accessToken\":\"at\",\"refreshToken\":\"rt-0\",\"expiresIn\":3600}");

    assertThat(deposited.status()).as(deposited.body()).isEqualTo(200);
    assertThat(refreshMeta(deposited).getString("notConfigured"))
        .contains("CONDUIT_CONNECTOR_SLOWCO_CLIENT_ID", "CONDUIT_CONNECTOR_SLOWCO_CLIENT_SECRET")
        .doesNotContain("rt-0");
    assertThat(deposited.body()).doesNotContain("rt-0");
  }

  @Test
  void noNoticeWithoutARefreshTokenOrWithAClient() {
    String slowco = conduit.createConnection(alice, "slowco");
    TestConduit.Response noRefreshToken = conduit.deposit(alice, slowco,
        "{\"kind\":\"oauth2\",\"accessToken\":\"at\",\"expiresIn\":3600}");
    String acme = conduit.createConnection(alice, "acme");
    TestConduit.Response configured = conduit.deposit(alice, acme,
        "{\"kind\":\"oauth2\",\"accessToken\":\"at\",\"refreshToken\":\"rt-0\",\"expiresIn\":3600}");

    assertThat(refreshMeta(noRefreshToken).containsKey("notConfigured")).isFalse();
    assertThat(refreshMeta(configured).containsKey("notConfigured")).isFalse();
  }

  private static JsonObject refreshMeta(TestConduit.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(200);
    return response.json().getJsonObject("data").getJsonObject("meta").getJsonObject("refresh");
  }
}
