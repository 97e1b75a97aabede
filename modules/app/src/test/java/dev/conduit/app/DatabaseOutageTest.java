package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.TestDatabase;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database that stops answering (frozen) or refuses connections: every request that needs it is answered
 * {@code 503 service_unavailable} with Retry-After within a bound instead of hanging, readiness says the database
 * is down, and everything works again once the database is back. The faults are played by a proxy in front of the
 * shared test PostgreSQL, so other tests never see them.
 */
class DatabaseOutageTest {

  private static final Duration QUERY_TIMEOUT = Duration.ofSeconds(3);
  /**
   * Bounded means answered: before the bound existed these requests waited as long as the client would (30 s
   * here). The margin over the query timeout is for a busy 2-core machine, not a speed requirement.
   */
  private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(20);
  private static final String STRIPE_KEY = "{\"kind\":\"api_key\",\"apiKey\":\"sk_test_outage\",\"apiSecret\":\"s\"}";

  private DatabaseProxy proxy;
  private TestConduit conduit;
  private String token;

  @BeforeEach
  void start() {
    DatabaseUrl shared = TestDatabase.url();
    proxy = new DatabaseProxy(shared.connectOptions().getHost(), shared.connectOptions().getPort());
    Map<String, String> overrides = new HashMap<>();
    overrides.put("CONDUIT_DATABASE_URL", "postgresql://postgres@127.0.0.1:" + proxy.port + "/postgres");
    overrides.put("CONDUIT_DATABASE_QUERY_TIMEOUT", QUERY_TIMEOUT.toString());
    overrides.put("CONDUIT_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
    overrides.put("CONDUIT_WEBHOOKS_ALLOW_INSECURE", "true");
    conduit = TestConduit.start(overrides);
    token = TestConduit.token("outage-" + System.nanoTime());
  }

  @AfterEach
  void stop() {
    if (conduit != null) {
      conduit.close();
    }
    proxy.close();
  }

  @Test
  void aFrozenDatabaseIsAnswered503WithinTheBoundAndRecovers() {
    String connection = conduit.createConnection(token, "stripe");
    assertThat(conduit.deposit(token, connection, STRIPE_KEY).status()).isEqualTo(200);
    // twice: the second vend is served from the vault's cache, which a frozen database must not leave trusted
    assertThat(conduit.vend(token, connection).status()).isEqualTo(200);
    assertThat(conduit.vend(token, connection).status()).isEqualTo(200);

    proxy.freeze();

    assertUnavailable(() -> conduit.call("GET", "/api/connections", token, null));
    assertUnavailable(() -> conduit.call("POST", "/api/connections", token, createBody()));
    assertUnavailable(() -> conduit.vend(token, connection));
    assertUnavailable(() -> conduit.call("GET", "/api/connections/" + connection, token, null));
    assertUnavailable(() -> conduit.call("GET", "/api/webhooks", token, null));
    assertUnavailable(() -> conduit.call("POST", "/api/webhooks", token, webhookBody()));
    assertNotReady();
    assertThat(conduit.get("/health/live").status()).isEqualTo(200);
    // the connections that hung were closed by Conduit, not handed to the next request
    assertThat(proxy.closedByClient()).isPositive();

    proxy.heal();

    assertRecovered(connection);
  }

  @Test
  void aDatabaseThatRefusesConnectionsIsAnswered503AndRecovers() {
    String connection = conduit.createConnection(token, "stripe");
    assertThat(conduit.deposit(token, connection, STRIPE_KEY).status()).isEqualTo(200);
    assertThat(conduit.vend(token, connection).status()).isEqualTo(200);

    proxy.refuse();

    assertUnavailable(() -> conduit.call("GET", "/api/connections", token, null));
    assertUnavailable(() -> conduit.call("POST", "/api/connections", token, createBody()));
    assertUnavailable(() -> conduit.vend(token, connection));
    assertUnavailable(() -> conduit.deposit(token, connection, STRIPE_KEY));
    assertUnavailable(() -> conduit.call("GET", "/api/webhooks", token, null));
    assertUnavailable(() -> conduit.call("POST", "/api/webhooks", token, webhookBody()));
    assertNotReady();

    proxy.heal();

    assertRecovered(connection);
  }

  private void assertUnavailable(Supplier<TestConduit.Response> request) {
    long started = System.nanoTime();
    TestConduit.Response response = request.get();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertThat(response.status()).as(response.body()).isEqualTo(503);
    assertThat(took).isLessThan(ANSWERED_WITHIN);
    assertThat(response.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("service_unavailable");
    assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
    assertThat(response.header("Content-Type")).startsWith("application/vnd.api+json");
  }

  private void assertNotReady() {
    long started = System.nanoTime();
    TestConduit.Response ready = conduit.get("/health/ready");
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ANSWERED_WITHIN);
    assertThat(ready.status()).as(ready.body()).isEqualTo(503);
    assertThat(ready.json().getString("status")).isEqualTo("DOWN");
    assertThat(ready.json().getJsonArray("checks").stream().map(Object::toString)
        .filter(check -> check.contains("\"id\":\"database\"")).findFirst().orElseThrow())
        .contains("\"status\":\"DOWN\"", "database unreachable");
  }

  private void assertRecovered(String connection) {
    Wait.patiently().until(() -> conduit.get("/health/ready").status() == 200);
    Wait.patiently().until(() -> conduit.call("GET", "/api/connections", token, null).status() == 200);
    Wait.patiently().until(() -> conduit.vend(token, connection).status() == 200);
    assertThat(conduit.call("POST", "/api/connections", token, createBody()).status()).isEqualTo(201);
    assertThat(conduit.call("GET", "/api/webhooks", token, null).status()).isEqualTo(200);
  }

  private static String createBody() {
    return "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"stripe\"}}}";
  }

  private static String webhookBody() {
    return "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"http://127.0.0.1:9/hook\","
        + "\"events\":[\"connection.revoked\"]}}}";
  }
}
