package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.DatabaseUrl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import picocli.CommandLine;

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
    String firstLog;
    try (LogCapture log = new LogCapture();
        ConduitServer first = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      keyset = Files.readString(home.resolve(DevelopmentSetup.KEYSET_FILE));
      secret = Files.readString(home.resolve(DevelopmentSetup.JWT_SECRET_FILE));
      assertThat(keyset).contains("AesGcmKey");
      assertThat(secret).hasSizeGreaterThanOrEqualTo(32);
      execute(first.database(), "INSERT INTO connections (id, owner, connector) VALUES ('" + id + "', 'alice', 'github')");
      firstLog = log.text();
    }
    assertThat(firstLog)
        .contains("DEVELOPMENT SETUP in " + home.toAbsolutePath())
        .contains("vault keyset: generated now in " + home.resolve(DevelopmentSetup.KEYSET_FILE).toAbsolutePath())
        .contains("JWT secret: generated now in " + home.resolve(DevelopmentSetup.JWT_SECRET_FILE).toAbsolutePath())
        .contains("embedded PostgreSQL: generated now in " + home.resolve(DevelopmentSetup.POSTGRES_DIR).toAbsolutePath())
        .contains("Conduit ready on http://localhost:" + port + "; get a token: java -jar conduit.jar token --owner"
            + " alice; API document: http://localhost:" + port + "/openapi.yaml")
        .doesNotContain(secret.strip());

    String secondLog;
    try (LogCapture log = new LogCapture();
        ConduitServer second = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      assertThat(Files.readString(home.resolve(DevelopmentSetup.KEYSET_FILE))).isEqualTo(keyset);
      assertThat(Files.readString(home.resolve(DevelopmentSetup.JWT_SECRET_FILE))).isEqualTo(secret);
      assertThat(count(second.database(), "SELECT count(*) FROM connections WHERE id = '" + id + "'")).isEqualTo(1);
      secondLog = log.text();

      // token, run against the same .conduit/ (as from the directory serve runs in), signs what serve accepts
      String token = token(home);
      HttpResponse<String> answer = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/connections"))
              .header("Authorization", "Bearer " + token).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
      assertThat(answer.body()).contains(id.toString());
    }
    assertThat(secondLog)
        .contains("vault keyset: reused from " + home.resolve(DevelopmentSetup.KEYSET_FILE).toAbsolutePath())
        .contains("JWT secret: reused from " + home.resolve(DevelopmentSetup.JWT_SECRET_FILE).toAbsolutePath())
        .contains("embedded PostgreSQL: reused from " + home.resolve(DevelopmentSetup.POSTGRES_DIR).toAbsolutePath())
        .doesNotContain("generated now")
        .doesNotContain(secret.strip());
    if (Files.getFileStore(home).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(home.resolve(DevelopmentSetup.KEYSET_FILE)))
          .extracting(Object::toString).containsExactlyInAnyOrder("OWNER_READ", "OWNER_WRITE");
    }
  }

  /** {@code conduit token --owner alice} with a --config file that points at {@code home}, as serve's was. */
  private String token(Path home) throws Exception {
    Path config = home.resolve("token-test.yaml");
    Files.writeString(config, "database:\n  embedded-dir: '" + home + "'\n");
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    assertThat(commandLine.execute("token", "--owner", "alice", "--config", config.toString())).as(err.toString())
        .isZero();
    return out.toString().strip();
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
