package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A replica registers, beats, clears what expired, and deregisters when it stops. */
class ReplicaHeartbeatTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    TestDatabase.truncateAll();
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  private static List<String> rows(String sql) throws Exception {
    DatabaseUrl url = TestDatabase.url();
    try (Connection connection = DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      List<String> values = new ArrayList<>();
      while (rows.next()) {
        values.add(rows.getString(1));
      }
      return values;
    }
  }

  @Test
  void aReplicaIsLiveWhileItRunsAndGoneWhenItStops() throws Exception {
    // what a crashed replica and an old window leave behind
    TestDatabase.execute("INSERT INTO cluster_replicas (id, heartbeat_at, expires_at)"
        + " VALUES ('crashed', now() - interval '1 hour', now() - interval '59 minutes')");
    TestDatabase.execute("INSERT INTO rate_windows (scope, window_start, window_end, budget, taken, last_grant)"
        + " VALUES ('refresh:old', now() - interval '2 hours', now() - interval '1 hour', 10, 10, 1)");

    String id = vertx.deployVerticle(new ReplicaHeartbeat(TestDatabase.url(), 2, "replica-1",
        Duration.ofMillis(200))).await();

    Awaitility.await().atMost(GENEROUS).untilAsserted(() ->
        assertThat(rows("SELECT id FROM cluster_replicas WHERE expires_at > now()")).contains("replica-1"));
    String registered = rows("SELECT heartbeat_at FROM cluster_replicas WHERE id = 'replica-1'").get(0);
    Awaitility.await().atMost(GENEROUS).untilAsserted(() -> {
      assertThat(rows("SELECT heartbeat_at FROM cluster_replicas WHERE id = 'replica-1'")).doesNotContain(registered);
      assertThat(rows("SELECT id FROM cluster_replicas")).containsExactly("replica-1");
      assertThat(rows("SELECT scope FROM rate_windows")).isEmpty();
    });

    vertx.undeploy(id).await();

    assertThat(rows("SELECT id FROM cluster_replicas")).isEmpty();
  }
}
