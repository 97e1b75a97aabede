package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.TestDatabase;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Readiness follows the database: down while it refuses connections, up again once it is back. */
class ReadinessTest {

  private static final String DATABASE = "readiness_probe";

  @Test
  void isNotReadyWhileTheDatabaseIsUnreachableAndRecoversAfter() throws Exception {
    TestDatabase.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
    TestDatabase.execute("CREATE DATABASE " + DATABASE);
    DatabaseUrl shared = TestDatabase.url();
    String url = "postgresql://postgres@localhost:" + shared.connectOptions().getPort() + "/" + DATABASE;
    Map<String, String> overrides = new HashMap<>(Map.of("CONDUIT_DATABASE_URL", url));

    try (TestConduit conduit = TestConduit.start(overrides)) {
      assertThat(conduit.get("/health/ready").status()).isEqualTo(200);

      TestDatabase.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS false");
      TestDatabase.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + DATABASE + "'");

      // the pooled sessions go as their backends exit, which the terminate call does not wait for
      TestConduit.Response down = Wait.patiently().until(() -> conduit.get("/health/ready"), r -> r.status() == 503);
      assertThat(down.json().getString("status")).isEqualTo("DOWN");
      assertThat(down.body()).contains("database unreachable");
      assertThat(conduit.get("/health/live").status()).isEqualTo(200);

      TestDatabase.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
      Wait.patiently().until(() -> conduit.get("/health/ready").status() == 200);
    } finally {
      TestDatabase.execute("ALTER DATABASE " + DATABASE + " ALLOW_CONNECTIONS true");
    }
  }
}
