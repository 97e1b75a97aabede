package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.store.TestDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A bad setting stops start-up with a message naming it, and nothing is left half-started. */
class StartupTest {

  @TempDir
  Path dir;

  @Test
  void aConnectorFileWithoutTokenUrlStopsStartUpNamingFileAndField() throws IOException {
    Files.writeString(dir.resolve("acme.yaml"), """
        id: acme
        name: Acme
        authType: oauth2
        docsUrl: https://docs.acme.example
        oauth:
          authorizeUrl: https://acme.example/authorize
        rateLimit: {limit: 10, periodSeconds: 1, source: "https://docs.acme.example/limits"}
        """);
    int port = TestConduit.freePort();

    assertThatThrownBy(() -> start(port, Map.of("CONDUIT_CONNECTORS_DIR", dir.toString())))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("acme.yaml: field oauth.tokenUrl: is required");
    assertPortIsFree(port);
  }

  @Test
  void aConfigValueOfTheWrongTypeStopsStartUpNamingIt() {
    assertThatThrownBy(() -> start(TestConduit.freePort(), Map.of("CONDUIT_HTTP_INSTANCES", "two")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("http.instances (set by CONDUIT_HTTP_INSTANCES): expected an integer, got 'two'");
  }

  @Test
  void withADatabaseUrlAKeysetIsRequired() {
    int port = TestConduit.freePort();
    Map<String, String> environment = TestConduit.environment(port);
    environment.remove("CONDUIT_VAULT_KEYSET");

    assertThatThrownBy(() -> ConduitServer.start(ConfigLoader.load(null, environment).config(), environment))
        .isInstanceOf(StartupException.class)
        .hasMessageStartingWith("vault.keyset is not set (CONDUIT_VAULT_KEYSET)");
    assertPortIsFree(port);
  }

  @Test
  void withADatabaseUrlAJwtKeyIsRequired() {
    Map<String, String> environment = TestConduit.environment(TestConduit.freePort());
    environment.remove("CONDUIT_AUTH_HS256_SECRET");

    assertThatThrownBy(() -> ConduitServer.start(ConfigLoader.load(null, environment).config(), environment))
        .isInstanceOf(StartupException.class)
        .hasMessageContaining("auth.hs256-secret (CONDUIT_AUTH_HS256_SECRET)")
        .hasMessageContaining("auth.jwks-url (CONDUIT_AUTH_JWKS_URL)");
  }

  @Test
  void aKeysetThatIsNotTinkJsonIsRefusedWithoutShowingIt() {
    assertThatThrownBy(() -> start(TestConduit.freePort(), Map.of("CONDUIT_VAULT_KEYSET", "{\"not\":\"a keyset\"}")))
        .isInstanceOf(StartupException.class)
        .hasMessage("vault.keyset is not a valid Tink JSON keyset");
  }

  @Test
  void aBusyPortIsReportedAndNothingKeepsRunning() throws IOException {
    try (ServerSocket taken = new ServerSocket(0)) {
      assertThatThrownBy(() -> start(taken.getLocalPort(), Map.of()))
          .isInstanceOf(StartupException.class)
          .hasMessageContaining("cannot start the HTTP server on 127.0.0.1:" + taken.getLocalPort());
    }
  }

  @Test
  void aTableWithAnOwnerColumnWithoutForcedRowSecurityStopsStartUpNamingIt() {
    int port = TestConduit.freePort();
    TestDatabase.execute("ALTER TABLE webhook_events NO FORCE ROW LEVEL SECURITY");
    try {
      assertThatThrownBy(() -> start(port, Map.of()))
          .isInstanceOf(StartupException.class)
          .hasMessageStartingWith("row-level security is not in force on webhook_events:");
    } finally {
      TestDatabase.execute("ALTER TABLE webhook_events FORCE ROW LEVEL SECURITY");
    }
    assertPortIsFree(port);
  }

  @Test
  void anApplicationRoleExemptFromRowSecurityStopsStartUp() {
    int port = TestConduit.freePort();
    TestDatabase.execute("ALTER ROLE conduit_app BYPASSRLS");
    try {
      assertThatThrownBy(() -> start(port, Map.of()))
          .isInstanceOf(StartupException.class)
          .hasMessage("row-level security is not in force: the role conduit_app is exempt from it (BYPASSRLS);"
              + " run ALTER ROLE conduit_app NOSUPERUSER NOBYPASSRLS");
    } finally {
      TestDatabase.execute("ALTER ROLE conduit_app NOBYPASSRLS");
    }
    assertPortIsFree(port);
  }

  @Test
  void aStartedServerStopsCleanlyAndFreesItsPort() {
    int port = TestConduit.freePort();
    start(port, Map.of()).close();
    assertPortIsFree(port);
  }

  private static ConduitServer start(int port, Map<String, String> overrides) {
    Map<String, String> environment = new HashMap<>(TestConduit.environment(port));
    environment.putAll(overrides);
    return ConduitServer.start(ConfigLoader.load(null, environment).config(), environment);
  }

  private static void assertPortIsFree(int port) {
    try (ServerSocket socket = new ServerSocket(port)) {
      assertThat(socket.isBound()).isTrue();
    } catch (IOException e) {
      throw new AssertionError("port " + port + " is still in use", e);
    }
  }
}
