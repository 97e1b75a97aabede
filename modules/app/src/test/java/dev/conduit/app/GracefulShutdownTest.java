package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGTERM, as an orchestrator stops a replica: readiness turns 503 first, the work in flight — a vend waiting for
 * its refresh, a webhook delivery waiting for its receiver — finishes and is recorded, no claim is left behind, and
 * the process exits 0; when the work does not finish within {@code server.shutdown-grace}, the process exits anyway.
 */
class GracefulShutdownTest {

  /** A JVM of its own starts slowly on a busy machine. */
  private static final Duration PROCESS_PATIENCE = Duration.ofSeconds(120);

  @TempDir
  Path connectors;
  @TempDir
  Path logs;
  private FakeProvider provider;
  private final Replicas replicas = new Replicas();
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final String alice = TestConduit.token("alice");

  @BeforeEach
  void setUp() {
    TestDatabase.truncateAll();
    provider = new FakeProvider();
  }

  @AfterEach
  void tearDown() throws Exception {
    replicas.close();
    provider.close();
  }

  /**
   * The provider settings, with a refresh call allowed to wait for as long as the test holds the provider, and
   * the stop's two keys.
   */
  private Map<String, String> environment(String drainDelay, String grace) {
    Map<String, String> environment = ProviderEnvironment.of(provider, connectors, "PT1H");
    environment.put("CONDUIT_REFRESH_TIMEOUT", "PT60S");
    environment.put("CONDUIT_REFRESH_LEASE", "PT70S");
    environment.put("CONDUIT_SERVER_DRAIN_DELAY", drainDelay);
    environment.put("CONDUIT_SERVER_SHUTDOWN_GRACE", grace);
    environment.putAll(WebhookReceiver.lenientWebhooks("PT1S"));
    return environment;
  }

  /**
   * A connection whose access token expired long ago, made once the server runs: its sweep (every hour) has looked
   * already, so the only refresh is the one a vend asks for.
   */
  private String expiredConnection(int port) {
    TestConduit.Response created = call(port, "POST", "/api/connections", alice,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"acme\"}}}");
    assertThat(created.status()).as(created::body).isEqualTo(201);
    String id = created.json().getJsonObject("data").getString("id");
    TestConduit.Response deposited = call(port, "PUT", "/api/connections/" + id + "/credential", alice,
        "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"oauth2\",\"accessToken\":\"old\","
            + "\"refreshToken\":\"rt-old\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}}}");
    assertThat(deposited.status()).as(deposited::body).isEqualTo(200);
    return id;
  }

  private CompletableFuture<TestConduit.Response> vendInFlight(int port, String id) {
    CompletableFuture<TestConduit.Response> vend = CompletableFuture.supplyAsync(
        () -> call(port, "POST", "/api/connections/" + id + "/vend", alice, null));
    Wait.patiently().until(() -> provider.tokenCalls().size() == 1);
    return vend;
  }

  private ConduitProcess startProcess(Map<String, String> environment, int port, String log) {
    environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
    ConduitProcess process = replicas.startProcess(environment, logs.resolve(log));
    Wait.patiently().atMost(PROCESS_PATIENCE).ignoreExceptions()
        .untilAsserted(() -> assertThat(call(port, "GET", "/health/ready", null, null).status()).as(process::output)
            .isEqualTo(200));
    return process;
  }

  /** A request to the server in its own JVM; {@code token} and {@code body} (JSON:API) may be null. */
  private TestConduit.Response call(int port, String method, String path, String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .timeout(Duration.ofSeconds(90));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/vnd.api+json");
    }
    try {
      HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new TestConduit.Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static boolean refused(int port) {
    try {
      new Socket("127.0.0.1", port).close();
      return false;
    } catch (ConnectException e) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long heldClaims() {
    return Sql.count("SELECT count(*) FROM credentials WHERE lease_owner IS NOT NULL OR lease_until IS NOT NULL");
  }

  @Test
  void aVendInFlightFinishesWithItsRefreshWhileReadinessSaysStopping() {
    int port = TestConduit.freePort();
    ConduitProcess server = startProcess(environment("PT10S", "PT60S"), port, "vend.log");
    String id = expiredConnection(port);
    provider.holdTokenAnswers();

    CompletableFuture<TestConduit.Response> vend = vendInFlight(port, id);
    server.terminate();

    TestConduit.Response ready = Wait.patiently().until(() -> call(port, "GET", "/health/ready", null, null),
        response -> response.status() == 503);
    assertThat(ready.json().getJsonArray("checks").stream().map(JsonObject.class::cast)
        .filter(check -> check.getString("id").equals("shutdown")))
        .singleElement().satisfies(check -> {
          assertThat(check.getString("status")).isEqualTo("DOWN");
          assertThat(check.getJsonObject("data").getString("reason")).isEqualTo("the server is stopping");
        });
    TestConduit.Response duringDrain = call(port, "GET", "/api/connections/" + id, alice, null);
    assertThat(duringDrain.status()).as("a new request during the drain is served").isEqualTo(200);
    assertThat(duringDrain.header("Connection")).as("on a connection not to be used again").isEqualTo("close");
    // after the drain the listener is closed, while the vend is still answered on its own connection
    Wait.patiently().until(() -> refused(port));
    assertThat(vend).as("the vend waits for the held provider").isNotDone();

    provider.releaseTokenAnswers();
    TestConduit.Response vended = vend.join();
    assertThat(vended.status()).as(vended::body).isEqualTo(200);
    assertThat(vended.json().getJsonObject("data").getJsonObject("attributes").getString("accessToken"))
        .isEqualTo("at-1");
    assertThat(server.awaitExit(PROCESS_PATIENCE)).as(server::output).isEqualTo(GracefulShutdown.STOPPED);
    assertThat(heldClaims()).as(Sql::dump).isZero();
    assertThat(provider.tokenCalls()).hasSize(1);
    String output = server.output();
    assertThat(output).contains("stopping: draining for PT10S (readiness answers 503)").contains(" - stopped stopMs=")
        .doesNotContain("not everything finished");
  }

  @Test
  void aWebhookDeliveryInFlightIsRecordedAsDeliveredAndNotSentAgain() {
    Map<String, String> environment = environment("0s", "PT60S");
    try (WebhookReceiver receiver = new WebhookReceiver()) {
      TestConduit setup = replicas.start(environment);
      String webhookId = setup.createWebhook(alice, receiver.url("/held"), "webhook.test").getString("id");
      replicas.stop(setup);
      receiver.holdAnswers();
      int port = TestConduit.freePort();
      ConduitProcess server = startProcess(environment, port, "webhook.log");

      assertThat(call(port, "POST", "/api/webhooks/" + webhookId + "/test", alice, null).status()).isEqualTo(202);
      receiver.awaitPath("/held");
      server.terminate();
      // the stop has begun: the HTTP listener is closed (no drain delay) and the delivery is still held
      Wait.patiently().until(() -> server.output().contains("stopping: draining for PT0S"));
      receiver.releaseAnswers();

      assertThat(server.awaitExit(PROCESS_PATIENCE)).as(server::output).isEqualTo(GracefulShutdown.STOPPED);
      assertThat(Sql.rows("SELECT concat_ws(' ', status, attempts, lease_until) FROM webhook_deliveries"))
          .containsExactly("delivered 1");

      // the next server delivers a later event; had the first delivery been left pending, it would come first
      TestConduit next = replicas.start(environment);
      String barrier = next.createWebhook(alice, receiver.url("/barrier"), "webhook.test").getString("id");
      assertThat(next.call("POST", "/api/webhooks/" + barrier + "/test", alice, null).status()).isEqualTo(202);
      List<WebhookReceiver.Received> received = receiver.awaitPath("/barrier");
      assertThat(received).extracting(WebhookReceiver.Received::path).containsExactly("/held", "/barrier");
    }
  }

  @Test
  void aStopThatRunsOutOfGraceExitsAnywayAndSaysWhatWasAbandoned() {
    int port = TestConduit.freePort();
    ConduitProcess server = startProcess(environment("0s", "PT3S"), port, "abandoned.log");
    String id = expiredConnection(port);
    // held until the test ends: the provider never answers while the server stops
    provider.holdTokenAnswers();

    CompletableFuture<TestConduit.Response> vend = vendInFlight(port, id);
    server.terminate();

    // generous: only that it ends at all is asserted, not how soon
    assertThat(server.awaitExit(Duration.ofSeconds(30))).as(server::output).isEqualTo(GracefulShutdown.ABANDONED);
    Wait.patiently().until(vend::isDone);
    assertThat(vend).as("the vend's connection was closed unanswered").isCompletedExceptionally();
    String output = server.output();
    assertThat(output.lines().filter(line -> line.contains(" WARN ") && line.contains("GracefulShutdown"))).as(output)
        .singleElement().asString()
        .contains("stopping: not everything finished within the shutdown grace (PT3S); abandoned: ")
        .contains("HTTP requests in flight")
        .contains("exiting anyway");
  }
}
