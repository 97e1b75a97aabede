package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The development setup's embedded PostgreSQL when things go wrong: a Conduit killed with {@code kill -9} leaves
 * it running, a stale {@code postmaster.pid} names a process id some other program now has, a second Conduit
 * starts on the same directory, PostgreSQL dies under a running server. And a configured database that cannot be
 * reached at start.
 */
class EmbeddedDatabaseTest {

  /** A JVM of its own starts slowly on a busy machine, and this one also starts PostgreSQL. */
  private static final Duration PROCESS_PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path home;

  @TempDir
  Path logs;

  private final List<ConduitProcess> running = new ArrayList<>();

  @AfterEach
  void stopProcesses() {
    running.forEach(ConduitProcess::close);
  }

  @Test
  void aPostgresLeftRunningByAKilledServerIsStoppedAndTheNextStartKeepsTheData() throws Exception {
    int port = TestConduit.freePort();
    ConduitProcess killed = startProcess(port, "killed.log");
    awaitReady(killed, port);
    long orphan = postmasterPid();
    UUID id = UUID.randomUUID();
    execute(postmasterPort(), "INSERT INTO connections (id, owner, connector) VALUES ('" + id + "', 'alice', 'github')");
    killed.kill();
    assertThat(alive(orphan)).as("PostgreSQL outlives a Conduit killed with SIGKILL").isTrue();

    Map<String, String> environment = development(TestConduit.freePort());
    try (LogCapture log = new LogCapture();
        ConduitServer next = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      assertThat(log.text()).contains("found the embedded PostgreSQL (pid " + orphan + ") still running on "
          + home.resolve(DevelopmentSetup.POSTGRES_DIR).toAbsolutePath() + ", left by a Conduit that stopped without"
          + " shutting it down (killed?); stopped it cleanly and starting a new one");
      assertThat(alive(orphan)).isFalse();
      assertThat(query(next, "SELECT count(*) FROM connections WHERE id = '" + id + "'")).isEqualTo("1");
    }
  }

  @Test
  void theEmbeddedDatabaseCommitsDurably() throws Exception {
    Map<String, String> environment = development(TestConduit.freePort());
    try (ConduitServer server = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      assertThat(query(server, "SHOW synchronous_commit")).isEqualTo("on");
      assertThat(query(server, "SHOW fsync")).isEqualTo("on");
    }
  }

  /**
   * After a crash or a reboot, the pid in {@code postmaster.pid} may be gone or may belong to another program;
   * PostgreSQL takes the latter for a live server and refuses to start, so Conduit removes the file.
   */
  @Test
  void aStalePostmasterPidDoesNotStopTheStart() throws Exception {
    Map<String, String> environment = development(TestConduit.freePort());
    ConduitServer.start(ConfigLoader.load(null, environment).config(), environment).close();
    Path pidFile = home.resolve(DevelopmentSetup.POSTGRES_DIR).resolve(PostmasterPid.FILE);
    assertThat(pidFile).doesNotExist();

    Files.writeString(pidFile, ProcessHandle.current().pid() + "\n" + home + "\n", StandardCharsets.US_ASCII);
    try (LogCapture log = new LogCapture();
        ConduitServer server = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      assertThat(log.text()).contains("removed a stale postmaster.pid from "
          + home.resolve(DevelopmentSetup.POSTGRES_DIR).toAbsolutePath() + ": its process id "
          + ProcessHandle.current().pid() + " now belongs to another program");
      assertThat(query(server, "SELECT 1")).isEqualTo("1");
    }

    Process gone = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    gone.waitFor();
    Files.writeString(pidFile, gone.pid() + "\n" + home + "\n", StandardCharsets.US_ASCII);
    try (ConduitServer server = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      assertThat(query(server, "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void aSecondServerOnTheSameDirectoryIsRefusedAndTheFirstKeepsItsDatabase() throws Exception {
    Map<String, String> environment = development(TestConduit.freePort());
    try (ConduitServer first = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment)) {
      Map<String, String> second = development(TestConduit.freePort());

      assertThatThrownBy(() -> ConduitServer.start(ConfigLoader.load(null, second).config(), second))
          .isInstanceOf(StartupException.class)
          .hasMessage("another Conduit (pid " + ProcessHandle.current().pid() + ") is running from "
              + home.toAbsolutePath() + " and uses its embedded PostgreSQL: stop it first, or give this one a"
              + " directory of its own with CONDUIT_DATABASE_EMBEDDED_DIR");
      assertThat(query(first, "SELECT 1")).isEqualTo("1");
    }
  }

  @Test
  void aServerWhosePostgresDiesStopsWithOneClearLine() {
    int port = TestConduit.freePort();
    ConduitProcess server = startProcess(port, "server.log");
    awaitReady(server, port);
    long postmaster = postmasterPid();

    ProcessHandle.of(postmaster).ifPresent(ProcessHandle::destroyForcibly);

    assertThat(server.awaitExit(PROCESS_PATIENCE)).as(server::output).isEqualTo(ServeCommand.DATABASE_LOST_EXIT);
    String output = server.output();
    assertThat(output.lines().filter(line -> line.contains(" ERROR "))).as(output)
        .singleElement(InstanceOfAssertFactories.STRING)
        .contains("the embedded PostgreSQL (pid " + postmaster + ", data in "
            + home.resolve(DevelopmentSetup.POSTGRES_DIR).toAbsolutePath() + ") exited while Conduit was running;"
            + " Conduit cannot work without it and stops. Start Conduit again to restart it");
  }

  @Test
  void anUnreachableDatabaseIsOneLineNamingItWithoutThePassword() {
    int closedPort = TestConduit.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_DATABASE_URL", "postgresql://conduit:s3cret-pw@127.0.0.1:" + closedPort + "/conduit");
    ConduitProcess server = ConduitProcess.start(environment, logs.resolve("unreachable.log"));
    running.add(server);

    assertThat(server.awaitExit(PROCESS_PATIENCE)).as(server::output).isEqualTo(2);
    String output = server.output();
    assertThat(output.lines().filter(line -> line.contains("conduit:"))).as(output).containsExactly(
        "conduit: cannot reach the database at 127.0.0.1:" + closedPort + "/conduit (database.url): connection"
            + " refused (is PostgreSQL running there?)");
    assertThat(output).doesNotContain("s3cret-pw").doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void anUnknownDatabaseHostIsNamed() {
    Map<String, String> environment = TestConduit.environment(TestConduit.freePort());
    environment.put("CONDUIT_DATABASE_URL", "postgresql://conduit:s3cret-pw@no-such-host.invalid:5432/conduit");

    assertThatThrownBy(() -> ConduitServer.start(ConfigLoader.load(null, environment).config(), environment))
        .isInstanceOf(StartupException.class)
        .hasMessage("cannot reach the database at no-such-host.invalid:5432/conduit (database.url): unknown host");
  }

  /** The development setup in {@link #home}: no database URL, keyset or JWT key. */
  private Map<String, String> development(int port) {
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_DATABASE_EMBEDDED_DIR", home.toString());
    environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
    environment.put("CONDUIT_HTTP_HOST", "127.0.0.1");
    environment.put("CONDUIT_HTTP_INSTANCES", "1");
    return environment;
  }

  private ConduitProcess startProcess(int port, String log) {
    Map<String, String> environment = development(port);
    environment.put("CONDUIT_DATABASE_URL", "");
    environment.put("CONDUIT_VAULT_KEYSET", "");
    environment.put("CONDUIT_AUTH_HS256_SECRET", "");
    ConduitProcess process = ConduitProcess.start(environment, logs.resolve(log));
    running.add(process);
    return process;
  }

  private static void awaitReady(ConduitProcess process, int port) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/ready"))
        .timeout(Duration.ofSeconds(5)).build();
    Wait.patiently().atMost(PROCESS_PATIENCE).ignoreExceptions().untilAsserted(() -> assertThat(
        client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode()).as(process::output).isEqualTo(200));
  }

  private long postmasterPid() {
    return PostmasterPid.read(home.resolve(DevelopmentSetup.POSTGRES_DIR)).orElseThrow().pid();
  }

  /** The port on its fourth line. */
  private int postmasterPort() throws IOException {
    return Integer.parseInt(Files.readAllLines(home.resolve(DevelopmentSetup.POSTGRES_DIR).resolve(PostmasterPid.FILE))
        .get(3).strip());
  }

  private static boolean alive(long pid) {
    return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  private static void execute(int port, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres",
        "postgres", "")) {
      connection.createStatement().execute(sql);
    }
  }

  private static String query(ConduitServer server, String sql) throws SQLException {
    var database = server.database();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        ResultSet rows = connection.createStatement().executeQuery(sql)) {
      rows.next();
      return rows.getString(1);
    }
  }
}
