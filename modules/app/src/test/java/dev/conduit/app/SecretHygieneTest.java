package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Deposited secrets exist in plaintext only in vend responses: never in logs, errors or the database. */
class SecretHygieneTest extends OneServerPerClass {

  private static final String ACCESS = "gho_CANARY_ACCESS_7f3a9c";
  private static final String REFRESH = "ghr_CANARY_REFRESH_51be0d";
  private static final String API_KEY = "sk_CANARY_KEY_c0ffee";
  private static final String API_SECRET = "CANARY_SECRET_d00d";
  private static final List<String> CANARIES = List.of(ACCESS, REFRESH, API_KEY, API_SECRET);
  private final String alice = TestConduit.token("alice");

  @Test
  void noLogLineOrErrorAndNoDatabaseRowHoldsADepositedSecret() {
    StringBuilder responses = new StringBuilder();
    try (LogCapture log = new LogCapture()) {
      String github = conduit.createConnection(alice, "github");
      String stripe = conduit.createConnection(alice, "stripe");
      responses.append(conduit.deposit(alice, github, """
          {"kind":"oauth2","accessToken":"%s","refreshToken":"%s","expiresIn":3600}""".formatted(ACCESS, REFRESH)).body());
      responses.append(conduit.deposit(alice, stripe, """
          {"kind":"api_key","apiKey":"%s","apiSecret":"%s"}""".formatted(API_KEY, API_SECRET)).body());
      // bad inputs that carry secrets: the errors must not quote them
      responses.append(conduit.deposit(alice, github, "{\"kind\":\"oauth2\",\"accessToken\":" + ACCESS + "}").body());
      responses.append(conduit.deposit(alice, github, "{\"kind\":\"oauth2\",\"accessToken\":[\"" + ACCESS + "\"]}").body());
      responses.append(conduit.deposit(alice, github, "{\"kind\":\"api_key\",\"apiKey\":\"" + API_KEY + "\"}").body());
      responses.append(conduit.deposit(alice, github, "{\"kind\":\"oauth2\",\"refreshToken\":\"" + REFRESH + "\"}").body());
      responses.append(conduit.call("GET", "/api/connections", alice, null).body());
      responses.append(conduit.call("GET", "/api/connections/" + github, alice, null).body());

      assertThat(conduit.vend(alice, github).body()).contains(ACCESS).doesNotContain(REFRESH);
      assertThat(conduit.vend(alice, stripe).body()).contains(API_KEY, API_SECRET);

      // the audit entries of the vends (and the deposits before them) are in the dump too
      Wait.patiently().until(() -> Sql.count("SELECT count(*) FROM audit_events WHERE action = 'vend'"
          + " AND connection_id IN ('" + github + "', '" + stripe + "')") == 2);
      String dump = Sql.dump() + String.join("\n", Sql.rows("SELECT t::text FROM audit_events t"));
      responses.append(conduit.call("POST", "/api/connections/" + github + "/revoke", alice, null).body());
      responses.append(conduit.call("DELETE", "/api/connections/" + stripe, alice, null).body());

      for (String canary : CANARIES) {
        assertThat(log.text()).as("log").doesNotContain(canary);
        assertThat(responses.toString()).as("responses").doesNotContain(canary);
        assertThat(dump).as("database").doesNotContain(canary)
            .doesNotContain(HexFormat.of().formatHex(canary.getBytes(StandardCharsets.UTF_8)));
      }
      assertThat(dump).contains("credential.deposit");
    }
  }

  @Test
  void aCiphertextMovedToAnotherRowDoesNotOpen() {
    String victim = conduit.createConnection(alice, "github");
    String thief = conduit.createConnection(alice, "github");
    conduit.deposit(alice, victim, "{\"kind\":\"oauth2\",\"accessToken\":\"" + ACCESS + "\",\"expiresIn\":3600}");
    conduit.deposit(alice, thief, "{\"kind\":\"oauth2\",\"accessToken\":\"thief\",\"expiresIn\":3600}");
    double failuresBefore = openFailures();

    TestDatabase.execute("UPDATE credentials t SET wrapped_key = v.wrapped_key, access_token = v.access_token,"
        + " kek_key_id = v.kek_key_id, secret_version = v.secret_version FROM credentials v"
        + " WHERE v.connection_id = '" + victim + "' AND t.connection_id = '" + thief + "'");

    try (LogCapture log = new LogCapture()) {
      TestConduit.Response response = conduit.vend(alice, thief);

      assertThat(response.status()).isEqualTo(500);
      assertThat(response.error().getString("code")).isEqualTo("seal_corrupt");
      assertThat(response.body()).doesNotContain(ACCESS).doesNotContain("thief\"");
      assertThat(log.text()).contains("stored secret does not open").contains(thief).doesNotContain(ACCESS);
    }
    assertThat(openFailures()).isEqualTo(failuresBefore + 1);
    assertThat(conduit.vend(alice, victim).status()).isEqualTo(200);
  }

  @Test
  void aCiphertextFromAnotherSecretVersionDoesNotOpen() {
    String id = conduit.createConnection(alice, "stripe");
    conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"first\"}");
    String firstSealed = Sql.rows("SELECT encode(api_key, 'hex') || ':' || encode(wrapped_key, 'hex') FROM credentials"
        + " WHERE connection_id = '" + id + "'").get(0);
    conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"second\"}");

    String[] parts = firstSealed.split(":");
    TestDatabase.execute("UPDATE credentials SET api_key = decode('" + parts[0] + "', 'hex'), wrapped_key = decode('"
        + parts[1] + "', 'hex') WHERE connection_id = '" + id + "'");

    assertThat(conduit.vend(alice, id).error().getString("code")).isEqualTo("seal_corrupt");
  }

  private static double openFailures() {
    return conduit.metric("conduit_vault_open_failures_total");
  }
}
