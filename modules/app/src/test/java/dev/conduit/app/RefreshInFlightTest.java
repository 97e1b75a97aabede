package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Refresh calls that were in flight when something else happened — the replica was killed, the owner revoked the
 * connection — against a provider with strict rotation: the provider's side of the story is never lost.
 */
class RefreshInFlightTest {

  @TempDir
  Path connectors;
  @TempDir
  Path logs;
  private FakeProvider provider;
  private final Replicas replicas = new Replicas();
  private final String alice = TestConduit.token("alice");

  @BeforeEach
  void setUp() {
    TestDatabase.truncateAll();
    provider = new FakeProvider();
    provider.strictRotation("rt-old", 3600);
  }

  @AfterEach
  void tearDown() throws Exception {
    replicas.close();
    provider.close();
  }

  private TestConduit replica(Map<String, String> environment) {
    return replicas.start(environment);
  }

  /** A connection whose access token expired long ago, holding refresh token {@code rt-old}. */
  private String expired(TestConduit conduit) {
    String id = conduit.createConnection(alice, "acme");
    conduit.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"old\",\"refreshToken\":\"rt-old\","
        + "\"expiresAt\":\"2020-01-01T00:00:00Z\"}");
    return id;
  }

  private JsonObject connection(TestConduit conduit, String id) {
    return conduit.call("GET", "/api/connections/" + id, alice, null).json().getJsonObject("data");
  }

  /**
   * The replica refreshing a credential is killed (SIGKILL) after the provider honoured its call — rotated the
   * refresh token — but before the answer arrived. The survivor, once the dead replica's claim runs out, can only
   * offer the spent refresh token: the provider refuses it, and the connection needs re-authorization because the
   * refresh token was lost in flight, not because the owner's grant was refused.
   */
  @Test
  void aRefreshLostInAKillIsReportedAsLostInFlight() {
    TestConduit setup = replica(ProviderEnvironment.of(provider, connectors, "PT1H"));
    String id = expired(setup);
    replicas.stop(setup);

    provider.holdTokenAnswers();
    Map<String, String> doomedEnvironment = ProviderEnvironment.of(provider, connectors, "PT0.2S");
    // its call must still be waiting when it dies: one that timed out would be recorded as in doubt already
    doomedEnvironment.put("CONDUIT_REFRESH_TIMEOUT", "PT60S");
    doomedEnvironment.put("CONDUIT_REFRESH_MAX_THROTTLE_WAIT", "PT1S");
    doomedEnvironment.put("CONDUIT_REFRESH_LEASE", "PT62S");
    ConduitProcess doomed = replicas.startProcess(doomedEnvironment, logs.resolve("doomed.log"));
    // a JVM of its own starts slowly on a busy machine
    Wait.patiently().atMost(Duration.ofSeconds(90)).untilAsserted(() ->
        assertThat(provider.tokenCalls()).as(doomed::output).hasSize(1));
    doomed.kill();
    provider.releaseTokenAnswers();
    // rather than wait out the dead replica's claim, let it run out now
    TestDatabase.execute("UPDATE credentials SET lease_until = now() - interval '1 second'");

    Map<String, String> survivorEnvironment = ProviderEnvironment.of(provider, connectors, "PT0.5S");
    // its one call must not time out on a busy machine: a timeout would be one more call in doubt, deferred by the
    // backoff (tens of seconds) before the refusal this test waits for
    survivorEnvironment.put("CONDUIT_REFRESH_TIMEOUT", "PT30S");
    survivorEnvironment.put("CONDUIT_REFRESH_LEASE", "PT40S");
    TestConduit survivor = replica(survivorEnvironment);

    Wait.patiently().atMost(Duration.ofSeconds(90)).until(() ->
        "needs_reauth".equals(connection(survivor, id).getJsonObject("attributes").getString("status")));
    assertThat(connection(survivor, id).getJsonObject("meta").getString("statusReason"))
        .isEqualTo("refresh_token_lost_in_flight");
    assertThat(provider.tokenCalls()).extracting(call -> call.form().get("refresh_token"))
        .containsExactly("rt-old", "rt-old");
  }

  /**
   * The owner revokes a connection while its refresh call is at a slow provider that has already rotated the
   * refresh token. The revocation Conduit sends at once names the refresh token it had, which is spent; the one the
   * provider handed out is revoked too, once the answer arrives, and the connection stays revoked.
   */
  @Test
  void aRevokeWhileTheProviderIsSlowRevokesTheNewRefreshToken() {
    Map<String, String> environment = ProviderEnvironment.of(provider, connectors, "PT1H");
    // the provider is held for as long as the test needs: a timeout would lose the answer (and the new token)
    environment.put("CONDUIT_REFRESH_TIMEOUT", "PT60S");
    environment.put("CONDUIT_REFRESH_LEASE", "PT70S");
    TestConduit conduit = replica(environment);
    String id = expired(conduit);
    provider.holdTokenAnswers();

    CompletableFuture<TestConduit.Response> vend = CompletableFuture.supplyAsync(() -> conduit.vend(alice, id));
    Wait.patiently().until(() -> provider.tokenCalls().size() == 1);
    assertThat(conduit.call("POST", "/api/connections/" + id + "/revoke", alice, null).status()).isEqualTo(200);
    Wait.patiently().until(() -> provider.revocations().size() == 1);
    provider.releaseTokenAnswers();
    vend.join();

    Wait.patiently().untilAsserted(() -> assertThat(provider.revocations())
        .extracting(call -> call.form().get("token")).containsExactlyInAnyOrder("rt-old", "rt-1"));
    assertThat(connection(conduit, id).getJsonObject("attributes").getString("status")).isEqualTo("revoked");
    assertThat(conduit.vend(alice, id).status()).isEqualTo(410);
    assertThat(Sql.count("SELECT count(*) FROM credentials")).isZero();
  }
}
