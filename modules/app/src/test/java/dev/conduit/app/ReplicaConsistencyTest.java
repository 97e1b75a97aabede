package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Two Conduit replicas on one database. Replica B caches what it vends; once a change through replica A has
 * been answered, B never vends the old state, not even straight away.
 */
class ReplicaConsistencyTest {

  private static TestConduit a;
  private static TestConduit b;
  private final String alice = TestConduit.token("alice");

  @BeforeAll
  static void start() {
    a = TestConduit.start();
    b = TestConduit.start();
  }

  @AfterAll
  static void stop() {
    a.close();
    b.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
  }

  /** The backend ids of the change feeds' sessions that are listening. */
  private static List<String> changeFeedSessions() {
    return Sql.rows("SELECT pid FROM pg_stat_activity WHERE application_name = 'conduit-change-feed'"
        + " AND (query LIKE 'LISTEN%' OR query = 'SELECT 1')");
  }

  private String warmConnection(String token) {
    String id = a.createConnection(alice, "github");
    a.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"" + token + "\",\"expiresIn\":3600}");
    for (int i = 0; i < 3; i++) {
      assertThat(b.vend(alice, id).status()).isEqualTo(200);
    }
    return id;
  }

  @Test
  void aRevokeThroughOneReplicaIsSeenByTheOtherAtOnce() {
    for (int round = 0; round < 30; round++) {
      String id = warmConnection("token-" + round);

      assertThat(a.call("POST", "/api/connections/" + id + "/revoke", alice, null).status()).isEqualTo(200);
      TestConduit.Response vend = b.vend(alice, id);

      assertThat(vend.status()).as("round " + round).isEqualTo(410);
      assertThat(vend.body()).doesNotContain("token-" + round);
    }
  }

  @Test
  void aDeleteThroughOneReplicaIsSeenByTheOtherAtOnce() {
    for (int round = 0; round < 30; round++) {
      String id = warmConnection("token-" + round);

      assertThat(a.call("DELETE", "/api/connections/" + id, alice, null).status()).isEqualTo(204);

      assertThat(b.vend(alice, id).status()).as("round " + round).isEqualTo(404);
    }
  }

  @Test
  void aNewDepositThroughOneReplicaIsVendedByTheOtherAtOnce() {
    String id = warmConnection("first");
    for (int round = 0; round < 30; round++) {
      a.deposit(alice, id, "{\"kind\":\"oauth2\",\"accessToken\":\"token-" + round + "\",\"expiresIn\":3600}");

      assertThat(b.vend(alice, id).json().getJsonObject("data").getJsonObject("attributes").getString("accessToken"))
          .isEqualTo("token-" + round);
    }
  }

  @Test
  void whileItsChangeFeedIsDownAReplicaReadsTheDatabase() {
    String id = warmConnection("before");
    List<String> listeners = changeFeedSessions();
    TestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
        + " WHERE application_name = 'conduit-change-feed'");

    assertThat(a.call("POST", "/api/connections/" + id + "/revoke", alice, null).status()).isEqualTo(200);

    // a vend whose freshness barrier was on the connection just killed may answer 503 (retry later) once; it never
    // answers with the revoked token
    int status = Wait.patiently().until(() -> b.vend(alice, id).status(), answered -> answered != 503);
    assertThat(status).isEqualTo(410);
    // every feed has a new session that has run its LISTEN (or a barrier after it): the feeds are back
    Wait.patiently().until(() -> {
      List<String> now = changeFeedSessions();
      return now.size() == listeners.size() && now.stream().noneMatch(listeners::contains);
    });
    String other = warmConnection("after-reconnect");
    assertThat(a.call("POST", "/api/connections/" + other + "/revoke", alice, null).status()).isEqualTo(200);
    assertThat(b.vend(alice, other).status()).isEqualTo(410);
  }
}
