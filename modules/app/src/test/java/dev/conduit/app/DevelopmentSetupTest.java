package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.DatabaseUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded default: one command, no settings, and what was stored is still there after a restart. */
class DevelopmentSetupTest {

  @TempDir
  Path home;

  @Test
  void startsFromNothingAndKeepsDataAndSecretsAcrossRestarts() throws Exception {
    int port = TestConduit.freePort();
    Map<String, String> environment = new HashMap<>(Map.of(
        "CONDUIT_DATABASE_EMBEDDED_DIR", home.toString(),
        "CONDUIT_HTTP_PORT", Integer.toString(port),
        "CONDUIT_HTTP_HOST", "127.0.0.1",
        "CONDUIT_HTTP_INSTANCES", "1"));
    UUID id = UUID.randomUUID();

    String keyset;
    String secret;
    try (ConduitServer first = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      keyset = Files.readString(home.resolve(DevelopmentSetup.KEYSET_FILE));
      secret = Files.readString(home.resolve(DevelopmentSetup.JWT_SECRET_FILE));
      assertThat(keyset).contains("AesGcmKey");
      assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
      execute(first.database(), "INSERT INTO connections (id, owner, connector) VALUES ('" + id + "', 'alice', 'github')");
    }

    try (ConduitServer second = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      assertThat(Files.readString(home.resolve(DevelopmentSetup.KEYSET_FILE))).isEqualTo(keyset);
      assertThat(Files.readString(home.resolve(DevelopmentSetup.JWT_SECRET_FILE))).isEqualTo(secret);
      assertThat(count(second.database(), "SELECT count(*) FROM connections WHERE id = '" + id + "'")).isEqualTo(1);
    }
    if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(home.resolve(DevelopmentSetup.KEYSET_FILE)))
          .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }
  }

  private static void execute(DatabaseUrl database, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      connection.createStatement().execute(sql);
    }
  }

  private static long count(DatabaseUrl database, String sql) throws Exception {
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getLong(1);
    }
  }
}
