package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 200 MB through the proxy both ways, with the server in a JVM of its own whose heap is capped well below that
 * ({@value #HEAP}): a proxy that held a body in memory would fail with an OutOfMemoryError instead of answering.
 */
class ProxyStreamingTest {

  private static final long BYTES = 200L * 1024 * 1024;
  private static final String HEAP = "-Xmx128m";

  @TempDir
  static Path dir;
  private static ProviderApi api;
  private static ConduitProcess server;
  private static int port;
  private static String id;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final String ALICE = TestConduit.token("alice");

  @BeforeAll
  static void start() throws IOException {
    TestDatabase.truncateAll();
    api = new ProviderApi();
    Path connectors = java.nio.file.Files.createDirectories(dir.resolve("connectors"));
    ProviderApi.writeConnector(connectors, "keyed", "api_key", "header:X-Api-Key", api.baseUrl(), 1000, 1, "");
    port = TestConduit.freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_CONNECTORS_DIR", connectors.toString());
    environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
    environment.put("CONDUIT_PROXY_MAX_BODY", Long.toString(BYTES + 1));
    // a big upload on a loaded machine: the slow-client guard's body deadline is not what is tested here
    environment.put("CONDUIT_HTTP_BODY_TIMEOUT", "PT10M");
    environment.put("JAVA_TOOL_OPTIONS", HEAP);
    server = ConduitProcess.start(environment, dir.resolve("conduit.log"));
    Wait.patiently().atMost(Duration.ofSeconds(120)).ignoreExceptions().untilAsserted(() ->
        assertThat(send(request("/health/ready").GET(), HttpResponse.BodyHandlers.ofString()).statusCode())
            .as(server::output).isEqualTo(200));
    HttpResponse<String> created = send(request("/api/connections").header("Content-Type", "application/vnd.api+json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"keyed\"}}}")),
        HttpResponse.BodyHandlers.ofString());
    id = new JsonObject(created.body()).getJsonObject("data").getString("id");
    HttpResponse<String> deposited = send(request("/api/connections/" + id + "/credential")
        .header("Content-Type", "application/vnd.api+json")
        .PUT(HttpRequest.BodyPublishers.ofString(
            "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"api_key\",\"apiKey\":\"k\"}}}")),
        HttpResponse.BodyHandlers.ofString());
    assertThat(deposited.statusCode()).isEqualTo(200);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.close();
    }
    api.close();
  }

  @Test
  void aDownloadLargerThanTheHeapStreamsThrough() throws IOException {
    HttpResponse<InputStream> answer = send(request("/api/connections/" + id + "/proxy/download/" + BYTES).GET(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(answer.statusCode()).isEqualTo(200);
    long received = 0;
    byte[] chunk = new byte[65_536];
    try (InputStream body = answer.body()) {
      for (int n; (n = body.read(chunk)) > 0; ) {
        received += n;
      }
    }
    assertThat(received).as(server::output).isEqualTo(BYTES);
  }

  @Test
  void anUploadLargerThanTheHeapStreamsThrough() {
    HttpRequest.BodyPublisher zeros = HttpRequest.BodyPublishers.fromPublisher(
        HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(BYTES)), BYTES);
    HttpResponse<String> answer = send(request("/api/connections/" + id + "/proxy/upload").POST(zeros),
        HttpResponse.BodyHandlers.ofString());
    assertThat(answer.statusCode()).as(server::output).isEqualTo(200);
    assertThat(new JsonObject(answer.body()).getLong("bytes")).isEqualTo(BYTES);
  }

  private static HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .header("Authorization", "Bearer " + ALICE).timeout(Duration.ofMinutes(5));
  }

  private static <T> HttpResponse<T> send(HttpRequest.Builder request, HttpResponse.BodyHandler<T> handler) {
    try {
      return CLIENT.send(request.build(), handler);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** {@code length} zero bytes, made as they are read. */
  private static final class ZeroStream extends InputStream {
    private long left;

    ZeroStream(long length) {
      this.left = length;
    }

    @Override
    public int read() {
      if (left == 0) {
        return -1;
      }
      left--;
      return 0;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
      if (left == 0) {
        return -1;
      }
      int n = (int) Math.min(length, left);
      java.util.Arrays.fill(buffer, offset, offset + n, (byte) 0);
      left -= n;
      return n;
    }
  }
}
