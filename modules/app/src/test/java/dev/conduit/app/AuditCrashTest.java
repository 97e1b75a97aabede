package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a crash costs the audit trail (README, "What a crash loses"): a Conduit process killed with SIGKILL while
 * vends go on keeps the entries of every vend answered before its last flush. Entries are flushed every second;
 * the test gives two seconds more for a busy machine, so it shows the bound without timing anything tightly.
 */
class AuditCrashTest {

  private static final Duration FLUSH_INTERVAL = Duration.ofSeconds(1);
  private static final Duration SLACK = Duration.ofSeconds(2);

  @TempDir
  Path logs;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String owner = "crash-" + UUID.randomUUID();
  private final String token = TestConduit.token(owner);

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
  }

  @Test
  void aCrashLosesAtMostTheEntriesOfTheLastFlushInterval() throws Exception {
    int port = TestConduit.freePort();
    try (ConduitProcess doomed = ConduitProcess.start(Map.of("CONDUIT_HTTP_PORT", Integer.toString(port)),
        logs.resolve("doomed.log"))) {
      // a JVM of its own starts slowly on a busy machine
      Wait.patiently().atMost(Duration.ofSeconds(90)).ignoreExceptions()
          .until(() -> call(port, "GET", "/health/ready", null).statusCode() == 200);
      HttpResponse<String> created = call(port, "POST", "/api/connections",
          "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"stripe\"}}}");
      assertThat(created.statusCode()).isEqualTo(201);
      String connection = new JsonObject(created.body()).getJsonObject("data").getString("id");

      // vends of a pending connection (409 pending): audited like any other, for a few flush intervals
      List<Answered> answered = new ArrayList<>();
      Instant until = Instant.now().plusSeconds(4);
      int n = 0;
      while (Instant.now().isBefore(until)) {
        String requestId = "crash-" + n++;
        HttpResponse<String> vend = call(port, "POST", "/api/connections/" + connection + "/vend", null, requestId);
        assertThat(vend.statusCode()).isEqualTo(409);
        answered.add(new Answered(requestId, Instant.now()));
      }
      Instant killed = Instant.now();
      doomed.kill();

      Set<String> recorded = new HashSet<>(Sql.rows(
          "SELECT request_id FROM audit_events WHERE owner = '" + owner + "' AND action = 'vend'"));
      Instant safe = killed.minus(FLUSH_INTERVAL).minus(SLACK);
      List<String> mustBeThere = answered.stream().filter(a -> a.at().isBefore(safe)).map(Answered::requestId)
          .toList();
      assertThat(mustBeThere).as("vends answered well before the crash").isNotEmpty();
      assertThat(recorded).containsAll(mustBeThere);
    }
  }

  private record Answered(String requestId, Instant at) {
  }

  private HttpResponse<String> call(int port, String method, String path, String body) throws IOException,
      InterruptedException {
    return call(port, method, path, body, "crash-test");
  }

  private HttpResponse<String> call(int port, String method, String path, String body, String requestId)
      throws IOException, InterruptedException {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("Authorization", "Bearer " + token)
        .header("X-Request-Id", requestId);
    if (body != null) {
      request.header("Content-Type", "application/vnd.api+json");
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
