package dev.conduit.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A Conduit server started from its jar as a child process, as an operator would start it. */
final class ServerProcess implements AutoCloseable {

  final Process process;
  final int port;
  final Path home;

  private ServerProcess(Process process, int port, Path home) {
    this.process = process;
    this.port = port;
    this.home = home;
  }

  /** Starts {@code jar} with the development setup in a fresh directory and waits until it is ready. */
  static ServerProcess start(Path jar, String heap, List<String> jvmOptions, Map<String, String> environment)
      throws Exception {
    int port = freePort();
    Path home = Files.createTempDirectory("conduit-bench");
    List<String> command = new ArrayList<>(List.of("java", "-Xmx" + heap));
    command.addAll(jvmOptions);
    command.addAll(List.of("-jar", jar.toAbsolutePath().toString()));
    ProcessBuilder builder = new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(home.resolve("server.log").toFile())
        .directory(home.toFile());
    builder.environment().put("CONDUIT_HTTP_PORT", Integer.toString(port));
    builder.environment().put("CONDUIT_HTTP_HOST", "127.0.0.1");
    builder.environment().put("CONDUIT_DATABASE_EMBEDDED_DIR", home.resolve(".conduit").toString());
    builder.environment().putAll(environment);
    ServerProcess server = new ServerProcess(builder.start(), port, home);
    server.awaitReady(Duration.ofSeconds(90));
    return server;
  }

  long pid() {
    return process.pid();
  }

  List<Long> postgresPids() {
    return ProcessStats.postgresProcesses(home.resolve(".conduit").resolve("postgres"));
  }

  /** The embedded PostgreSQL's JDBC URL, read from the server's start-up log line. */
  String jdbcUrl() throws IOException {
    java.util.regex.Matcher port = java.util.regex.Pattern.compile("database=\"localhost:(\\d+)/postgres\"")
        .matcher(Files.readString(home.resolve("server.log")));
    if (!port.find()) {
      throw new IllegalStateException("no database line in " + home.resolve("server.log"));
    }
    return "jdbc:postgresql://localhost:" + port.group(1) + "/postgres";
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  private void awaitReady(Duration timeout) throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("the server exited; see " + home.resolve("server.log"));
      }
      try {
        HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health/ready"))
            .build(), HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        // still starting
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("the server was not ready within " + timeout);
  }

  @Override
  public void close() throws Exception {
    process.destroy();
    process.waitFor();
    deleteRecursively(home.toFile());
  }

  private static void deleteRecursively(File file) {
    File[] children = file.listFiles();
    if (children != null) {
      for (File child : children) {
        deleteRecursively(child);
      }
    }
    file.delete();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
