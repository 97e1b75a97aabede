package dev.conduit.app;

import dev.conduit.core.config.ConduitConfig;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.TestDatabase;
import dev.conduit.vault.VaultKeys;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A whole Conduit started in-process the way an operator starts one: configuration from the shipped defaults
 * plus {@code CONDUIT_*} variables, the shared test PostgreSQL, a real HTTP port on loopback.
 */
final class TestConduit implements AutoCloseable {

  static final String HS256_SECRET = "test-secret-that-is-long-enough-for-hs256";
  private static final String KEYSET = VaultKeys.generate();

  /** A sweep interval at least this long: the test wants no sweep to touch what it makes (see awaitFirstSweep). */
  private static final Duration QUIET_SWEEP = Duration.ofMinutes(1);

  final ConduitServer server;
  final int port;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private TestConduit(ConduitServer server, int port) {
    this.server = server;
    this.port = port;
  }

  static TestConduit start() {
    return start(Map.of());
  }

  /** Starts Conduit with the test database and {@code overrides} added to its environment. */
  static TestConduit start(Map<String, String> overrides) {
    Map<String, String> environment = environment(freePort());
    environment.putAll(overrides);
    int port = Integer.parseInt(environment.get("CONDUIT_HTTP_PORT"));
    ConduitConfig config = ConfigLoader.load(null, environment).config();
    TestConduit conduit = new TestConduit(ConduitServer.start(config, environment), port);
    if (config.refresh().interval().compareTo(QUIET_SWEEP) >= 0) {
      conduit.awaitFirstSweep();
    }
    return conduit;
  }

  /**
   * Waits until the sweep every replica runs as it starts has finished. A test that sets a long sweep interval means
   * the credentials it makes to stay due until something else refreshes them; on a busy machine that first sweep may
   * still be claiming when the test deposits its first expired credential, and would refresh it behind its back.
   */
  private void awaitFirstSweep() {
    Wait.patiently().until(() -> metric("conduit_refresh_sweep_duration_seconds_count") >= 1);
  }

  /** This server's {@link #metric(String, String)} now. */
  double metric(String series) {
    return metric(get("/metrics").body(), series);
  }

  /**
   * The sum of the values {@code metrics} (Prometheus text) gives {@code series}: a metric name (all its label sets)
   * or a name with its labels exactly as printed, e.g. {@code conduit_refreshes_total{connector="acme",...}}; 0 when
   * it has none yet.
   */
  static double metric(String metrics, String series) {
    return metrics.lines().filter(line -> line.startsWith(series + " ") || line.startsWith(series + "{"))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }

  /** The environment of a non-development deployment on the test database. */
  static Map<String, String> environment(int port) {
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_DATABASE_URL", databaseUrl(TestDatabase.url()));
    environment.put("CONDUIT_VAULT_KEYSET", KEYSET);
    environment.put("CONDUIT_AUTH_HS256_SECRET", HS256_SECRET);
    environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
    environment.put("CONDUIT_HTTP_HOST", "127.0.0.1");
    // two of each verticle, so tests see requests spread over event loops as on a bigger machine
    environment.put("CONDUIT_HTTP_INSTANCES", "2");
    return environment;
  }

  static String databaseUrl(DatabaseUrl url) {
    var options = url.connectOptions();
    return "postgresql://" + options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/"
        + options.getDatabase();
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A token for {@code owner}, signed like {@code conduit token} with this server's secret, valid an hour. */
  static String token(String owner) {
    return TokenCommand.mint(HS256_SECRET, "sub", null, null, owner, Duration.ofHours(1));
  }

  /** A request as {@code token}'s owner; {@code body} (JSON) may be null. */
  Response call(String method, String path, String token, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      request.header("Content-Type", "application/vnd.api+json");
    }
    return send(request);
  }

  /** Creates a connection to {@code connector} and returns its id. */
  String createConnection(String token, String connector) {
    Response created = call("POST", "/api/connections", token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"" + connector + "\"}}}");
    if (created.status() != 201) {
      throw new AssertionError("create failed: " + created.status() + " " + created.body());
    }
    return created.json().getJsonObject("data").getString("id");
  }

  /** Deposits credential attributes (a JSON object text) and returns the response. */
  Response deposit(String token, String connectionId, String attributes) {
    return call("PUT", "/api/connections/" + connectionId + "/credential", token,
        "{\"data\":{\"type\":\"credentials\",\"attributes\":" + attributes + "}}");
  }

  /** Registers a webhook of {@code token}'s owner for {@code events} and returns its JSON:API resource. */
  JsonObject createWebhook(String token, String url, String... events) {
    Response created = call("POST", "/api/webhooks", token,
        new JsonObject().put("data", new JsonObject().put("type", "webhooks").put("attributes",
            new JsonObject().put("url", url).put("events", new JsonArray(List.of((Object[]) events))))).encode());
    if (created.status() != 201) {
      throw new AssertionError("webhook not created: " + created.status() + " " + created.body());
    }
    return created.json().getJsonObject("data");
  }

  Response vend(String token, String connectionId) {
    return call("POST", "/api/connections/" + connectionId + "/vend", token, null);
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response send(String method, String path, String contentType, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request);
  }

  Response send(HttpRequest.Builder request) {
    try {
      // generous: a request that waits for a provider or a lease can take seconds on a loaded machine
      HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(30)).build(),
          HttpResponse.BodyHandlers.ofString());
      return new Response(response.statusCode(), response.headers().map(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @Override
  public void close() {
    server.close();
  }

  record Response(int status, Map<String, List<String>> headers, String body) {

    JsonObject json() {
      return new JsonObject(body);
    }

    String header(String name) {
      return headers.entrySet().stream()
          .filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0))
          .findFirst().orElse(null);
    }

    /** The first JSON:API error object. */
    JsonObject error() {
      return json().getJsonArray("errors").getJsonObject(0);
    }
  }
}
