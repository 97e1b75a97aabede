package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The provider API proxy against a provider API served on loopback ({@link ProviderApi}): what reaches the
 * provider, what comes back, and Conduit's own answers. The connectors point at plain http on 127.0.0.1, which
 * the catalog accepts for loopback hosts only (the rule that lets the fake OAuth providers of the other tests
 * stand in); every other host must be https.
 */
class ProxyTest {

  private static final String API_KEY = "key-d41d8cd98f00b204e9800998ecf8427e";
  private static final String MAX_BODY = Integer.toString(1024 * 1024);
  private static final int CAPPED_LIMIT = 200;
  /** An hour: the 500 calls of the ceiling test fall into one window but on the rarest of runs. */
  private static final int CAPPED_PERIOD_SECONDS = 3600;
  private static final int TOTAL_TIMEOUT_SECONDS = 12;

  @TempDir
  static Path connectors;
  private static FakeProvider oauthProvider;
  private static ProviderApi api;
  private static TestConduit conduit;
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  @BeforeAll
  static void start() {
    oauthProvider = new FakeProvider();
    api = new ProviderApi();
    Map<String, String> environment = ProviderEnvironment.of(oauthProvider, connectors, "PT1H");
    String oauth = """
        oauth:
          authorizeUrl: %s
          tokenUrl: %s
          clientAuth: client_secret_basic
          reauthErrors: [invalid_grant]""".formatted(oauthProvider.url("/authorize"), oauthProvider.url("/token"))
        .replace("\n", "\n          ");
    ProviderApi.writeConnector(connectors, "apiacme", "oauth2", "bearer", api.baseUrl(), 1000, 1, oauth);
    ProviderApi.writeConnector(connectors, "keyed", "api_key", "header:X-Api-Key", api.baseUrl(), 1000, 1, "");
    ProviderApi.writeConnector(connectors, "queried", "api_key", "query:key", api.baseUrl(), 1000, 1, "");
    ProviderApi.writeConnector(connectors, "basicco", "basic", "basic", api.baseUrl(), 1000, 1, "");
    ProviderApi.writeConnector(connectors, "tenanted", "api_key", "header:X-Api-Key",
        api.baseUrl() + "/{account}/api", 1000, 1, """
        placeholders:
          account: "The account's handle at the provider"
        """.replace("\n", "\n          "));
    ProviderApi.writeConnector(connectors, "capped", "api_key", "header:X-Api-Key", api.baseUrl(), CAPPED_LIMIT,
        CAPPED_PERIOD_SECONDS, "");
    ProviderApi.writeConnector(connectors, "nowhere", "api_key", "header:X-Api-Key",
        "http://127.0.0.1:" + TestConduit.freePort(), 1000, 1, "");
    environment.put("CONDUIT_CONNECTOR_APIACME_CLIENT_ID", "apiacme-client");
    environment.put("CONDUIT_CONNECTOR_APIACME_CLIENT_SECRET", "apiacme-secret");
    environment.put("CONDUIT_PROXY_MAX_BODY", MAX_BODY);
    // far above a loopback answer under 500 concurrent calls on a loaded machine; /slow stays silent until the
    // provider closes
    environment.put("CONDUIT_PROXY_IDLE_TIMEOUT", "PT5S");
    // what a whole call may take: far above any other call here (the ceiling's waits end at 5 s), below /trickle's
    environment.put("CONDUIT_PROXY_TOTAL_TIMEOUT", "PT" + TOTAL_TIMEOUT_SECONDS + "S");
    conduit = TestConduit.start(environment);
  }

  @AfterAll
  static void stop() {
    conduit.close();
    api.close();
    oauthProvider.close();
  }

  @BeforeEach
  void clean() {
    TestDatabase.truncateAll();
    oauthProvider.reset();
    api.reset();
  }

  private String connection(String token, String connector, String attributes) {
    String id = conduit.createConnection(token, connector);
    assertThat(conduit.deposit(token, id, attributes).status()).isEqualTo(200);
    return id;
  }

  private String keyed() {
    return connection(alice, "keyed", "{\"kind\":\"api_key\",\"apiKey\":\"" + API_KEY + "\"}");
  }

  private static String proxy(String id, String path) {
    return "/api/connections/" + id + "/proxy/" + path;
  }

  private TestConduit.Response call(String method, String path, String token, String body, String... headers) {
    HttpRequest.Builder request = HttpRequest.newBuilder(conduit.uri(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    for (int i = 0; i < headers.length; i += 2) {
      request.header(headers[i], headers[i + 1]);
    }
    return conduit.send(request);
  }

  @Test
  void everyMethodReachesTheProviderWithItsPathQueryAndBody() {
    String id = keyed();
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
      String body = method.equals("GET") || method.equals("DELETE") ? null : "{\"say\":\"" + method + "\"}";
      TestConduit.Response answer = call(method, proxy(id, "repos/octo%20cat/issues?state=open&page=2"), alice, body,
          "Content-Type", "application/json");
      assertThat(answer.status()).as(method).isEqualTo(200);
      JsonObject echo = answer.json();
      assertThat(echo.getString("method")).isEqualTo(method);
      assertThat(echo.getString("path")).isEqualTo("/repos/octo%20cat/issues");
      assertThat(echo.getString("query")).isEqualTo("state=open&page=2");
      assertThat(echo.getString("body")).isEqualTo(body == null ? "" : body);
    }
    assertThat(api.calls()).hasSize(5).allSatisfy(call -> assertThat(call.header("X-Api-Key")).isEqualTo(API_KEY));
  }

  @Test
  void theCallersCredentialsAndHopHeadersStayBehindAndTheProvidersCookiesToo() throws IOException {
    String id = keyed();
    String head = "GET " + proxy(id, "echo") + " HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\n"
        + "Authorization: Bearer " + alice + "\r\n"
        + "Cookie: conduit-session=secret\r\n"
        + "Forwarded: for=10.0.0.1\r\n"
        + "X-Forwarded-For: 10.0.0.1\r\n"
        + "X-Forwarded-Host: conduit.example\r\n"
        + "Connection: X-Private-Hop\r\n"
        + "Connection: close\r\n"
        + "X-Private-Hop: only for Conduit\r\n"
        + "Keep-Alive: timeout=5\r\n"
        + "Proxy-Authorization: Basic eDp5\r\n"
        + "X-Api-Key: the caller's own try\r\n"
        + "X-Passed: yes\r\n"
        + "\r\n";
    String answer = raw(head);

    ProviderApi.Call seen = api.calls().get(0);
    assertThat(seen.header("X-Passed")).isEqualTo("yes");
    assertThat(seen.header("X-Api-Key")).isEqualTo(API_KEY);
    assertThat(seen.headers().get("x-api-key")).hasSize(1);
    assertThat(seen.headers()).doesNotContainKeys("authorization", "cookie", "forwarded", "x-forwarded-for",
        "x-forwarded-host", "x-private-hop", "keep-alive", "proxy-authorization");
    assertThat(seen.header("Host")).isEqualTo(api.baseUrl().substring("http://".length()));

    String headers = answer.substring(0, answer.indexOf("\r\n\r\n")).toLowerCase();
    assertThat(headers).startsWith("http/1.1 200").contains("x-provider: echo").contains("x-ratelimit-limit: 1000")
        .contains("x-ratelimit-remaining: ").doesNotContain("set-cookie").doesNotContain("x-hop");
  }

  /** One request written on a socket as is (java.net.http refuses to send Connection and its like). */
  private String raw(String request) throws IOException {
    try (Socket socket = new Socket("127.0.0.1", conduit.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  @Test
  void theCredentialGoesWhereTheConnectorSays() {
    String queried = connection(alice, "queried", "{\"kind\":\"api_key\",\"apiKey\":\"q k&y\"}");
    assertThat(call("GET", proxy(queried, "search?key=caller&q=1"), alice, null).status()).isEqualTo(200);
    assertThat(api.calls().get(0).query()).isEqualTo("q=1&key=q+k%26y");

    api.reset();
    String basic = connection(alice, "basicco", "{\"kind\":\"basic\",\"username\":\"ann\",\"password\":\"p:w\"}");
    assertThat(call("GET", proxy(basic, "me"), alice, null).status()).isEqualTo(200);
    assertThat(api.calls().get(0).header("Authorization"))
        .isEqualTo("Basic " + Base64.getEncoder().encodeToString("ann:p:w".getBytes(StandardCharsets.UTF_8)));

    api.reset();
    String oauth = connection(alice, "apiacme",
        "{\"kind\":\"oauth2\",\"accessToken\":\"at-live\",\"refreshToken\":\"rt-0\",\"expiresIn\":3600}");
    assertThat(call("GET", proxy(oauth, "me"), alice, null).status()).isEqualTo(200);
    assertThat(api.calls().get(0).header("Authorization")).isEqualTo("Bearer at-live");
  }

  @Test
  void bobsCallToAlicesConnectionIsTheNotFoundOfARandomId() {
    String id = keyed();
    TestConduit.Response foreign = call("GET", proxy(id, "me"), bob, null);
    TestConduit.Response random = call("GET", proxy(UUID.randomUUID().toString(), "me"), bob, null);
    assertThat(foreign.status()).isEqualTo(404);
    assertThat(foreign.json().getJsonArray("errors").getJsonObject(0).getString("detail"))
        .isEqualTo(random.json().getJsonArray("errors").getJsonObject(0).getString("detail"));
    assertThat(call("GET", proxy(id, "me"), null, null).status()).isEqualTo(401);
    assertThat(api.calls()).isEmpty();
  }

  @Test
  void conduitsOwnRefusalsNeverReachTheProvider() {
    String pending = conduit.createConnection(alice, "keyed");
    assertThat(errorCode(call("GET", proxy(pending, "me"), alice, null))).isEqualTo("pending");

    String revoked = keyed();
    conduit.call("POST", "/api/connections/" + revoked + "/revoke", alice, null);
    assertThat(errorCode(call("GET", proxy(revoked, "me"), alice, null))).isEqualTo("revoked");

    String noApi = connection(alice, "acme",
        "{\"kind\":\"oauth2\",\"accessToken\":\"at-x\",\"refreshToken\":\"rt-x\",\"expiresIn\":3600}");
    TestConduit.Response refused = call("POST", proxy(noApi, "me"), alice, "{}");
    assertThat(refused.status()).isEqualTo(422);
    assertThat(errorCode(refused)).isEqualTo("connector_has_no_api");

    String id = keyed();
    TestConduit.Response climbing = call("GET", proxy(id, "a/b/%2e%2e/c"), alice, null);
    assertThat(climbing.status()).isEqualTo(400);
    assertThat(errorCode(climbing)).isEqualTo("validation_failed");
    // dot segments that climb out of /proxy/ leave the route altogether
    assertThat(call("GET", proxy(id, "a/%2e%2e/%2E%2e/admin"), alice, null).status()).isEqualTo(404);
    assertThat(api.calls()).isEmpty();
  }

  @Test
  void metadataThatWouldLeaveItsPathSegmentIsRefused() {
    String id = conduit.createConnection(alice, "tenanted");
    conduit.deposit(alice, id, "{\"kind\":\"api_key\",\"apiKey\":\"" + API_KEY + "\"}");
    for (String account : List.of("..", "evil.example/x", "a/../../b", "x?y", "x#y", "")) {
      patchMetadata(id, account);
      TestConduit.Response refused = call("GET", proxy(id, "me"), alice, null);
      assertThat(refused.status()).as(account).isEqualTo(400);
      assertThat(refused.json().getJsonArray("errors").getJsonObject(0).getString("detail"))
          .contains("metadata.account").doesNotContain(API_KEY);
    }
    assertThat(api.calls()).isEmpty();

    patchMetadata(id, "globex");
    assertThat(call("GET", proxy(id, "me"), alice, null).status()).isEqualTo(200);
    assertThat(api.calls().get(0).path()).isEqualTo("/globex/api/me");
  }

  private void patchMetadata(String id, String account) {
    TestConduit.Response patched = conduit.call("PATCH", "/api/connections/" + id, alice,
        new JsonObject().put("data", new JsonObject().put("type", "connections").put("id", id)
            .put("attributes", new JsonObject().put("metadata", new JsonObject().put("account", account)))).encode());
    assertThat(patched.status()).isEqualTo(200);
  }

  @Test
  void anUnreachableOrSilentProviderIsSaidSo() {
    String nowhere = connection(alice, "nowhere", "{\"kind\":\"api_key\",\"apiKey\":\"" + API_KEY + "\"}");
    TestConduit.Response unreachable = call("GET", proxy(nowhere, "me"), alice, null);
    assertThat(unreachable.status()).isEqualTo(502);
    assertThat(errorCode(unreachable)).isEqualTo("provider_unreachable");

    TestConduit.Response silent = call("GET", proxy(keyed(), "slow"), alice, null);
    assertThat(silent.status()).isEqualTo(504);
    assertThat(errorCode(silent)).isEqualTo("provider_timeout");
  }

  @Test
  void anAnswerStillStreamingAtTheTotalTimeoutIsCutNotEnded() throws Exception {
    String id = keyed();
    long started = System.nanoTime();
    HttpResponse<InputStream> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        conduit.uri(proxy(id, "trickle"))).header("Authorization", "Bearer " + alice).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertThat(answer.statusCode()).isEqualTo(200);

    // the provider never goes quiet for the idle timeout and never ends its body: the total timeout ends the call,
    // and the caller's connection is cut rather than the body ended as if it were complete
    assertThatThrownBy(() -> {
      try (InputStream body = answer.body()) {
        body.readAllBytes();
      }
    }).isInstanceOf(IOException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(
        Duration.ofSeconds(TOTAL_TIMEOUT_SECONDS));
    assertThat(api.calls("/trickle")).hasSize(1);
  }

  @Test
  void aBodyOverTheLimitIsRefusedUpFrontOrWhileItStreams() {
    String id = keyed();
    String tooBig = "x".repeat(Integer.parseInt(MAX_BODY) + 1);
    TestConduit.Response declared = call("POST", proxy(id, "upload"), alice, tooBig);
    assertThat(declared.status()).isEqualTo(413);
    assertThat(errorCode(declared)).isEqualTo("payload_too_large");
    assertThat(api.calls()).isEmpty();

    // chunked: no length to check first, so it is counted as it streams
    HttpRequest.Builder chunked = HttpRequest.newBuilder(conduit.uri(proxy(id, "upload")))
        .header("Authorization", "Bearer " + alice)
        .POST(HttpRequest.BodyPublishers.ofInputStream(
            () -> new java.io.ByteArrayInputStream(tooBig.getBytes(StandardCharsets.UTF_8))));
    TestConduit.Response streamed = conduit.send(chunked);
    assertThat(streamed.status()).isEqualTo(413);

    TestConduit.Response fits = call("POST", proxy(id, "upload"), alice, "x".repeat(200_000));
    assertThat(fits.status()).isEqualTo(200);
    assertThat(fits.json().getLong("bytes")).isEqualTo(200_000);
  }

  @Test
  void noTokenMaterialInAnyLogLine() {
    try (LogCapture logs = new LogCapture()) {
      String oauth = connection(alice, "apiacme",
          "{\"kind\":\"oauth2\",\"accessToken\":\"stale\",\"refreshToken\":\"rt-secret-0\",\"expiresIn\":3600}");
      assertThat(call("GET", proxy(oauth, "only-fresh"), alice, null).status()).isEqualTo(200);
      String queried = connection(alice, "queried", "{\"kind\":\"api_key\",\"apiKey\":\"" + API_KEY + "\"}");
      call("GET", proxy(queried, "slow"), alice, null);
      String nowhere = connection(alice, "nowhere", "{\"kind\":\"api_key\",\"apiKey\":\"" + API_KEY + "\"}");
      call("GET", proxy(nowhere, "me"), alice, null);
      assertThat(logs.text()).doesNotContain(API_KEY).doesNotContain("rt-secret-0").doesNotContain("at-1")
          .doesNotContain("Bearer stale");
    }
  }

  @Test
  void fiveHundredConcurrentCallsNeverExceedTheCeilingAndUseAlmostAllOfIt() {
    String id = connection(alice, "capped", "{\"kind\":\"api_key\",\"apiKey\":\"" + API_KEY + "\"}");
    long firstWindow = Instant.now().getEpochSecond() / CAPPED_PERIOD_SECONDS;
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 500; i++) {
      calls.add(client.sendAsync(HttpRequest.newBuilder(conduit.uri(proxy(id, "counted/" + i)))
          .header("Authorization", "Bearer " + alice).timeout(Duration.ofSeconds(60)).build(),
          HttpResponse.BodyHandlers.ofString()));
    }
    List<HttpResponse<String>> answers = calls.stream().map(CompletableFuture::join).toList();
    long windows = Instant.now().getEpochSecond() / CAPPED_PERIOD_SECONDS - firstWindow + 1;

    int reached = api.calls().size();
    assertThat(answers).extracting(HttpResponse::statusCode).containsOnly(200, 429);
    assertThat(reached).isLessThanOrEqualTo((int) (CAPPED_LIMIT * windows))
        .isGreaterThanOrEqualTo(CAPPED_LIMIT * 9 / 10);
    assertThat(answers).filteredOn(answer -> answer.statusCode() == 200).hasSize(reached);
    List<HttpResponse<String>> refused = answers.stream().filter(answer -> answer.statusCode() != 200).toList();
    assertThat(refused).hasSize(500 - reached).allSatisfy(answer -> {
      assertThat(answer.statusCode()).isEqualTo(429);
      assertThat(new JsonObject(answer.body()).getJsonArray("errors").getJsonObject(0).getString("code"))
          .isEqualTo("rate_limited");
      assertThat(Long.parseLong(answer.headers().firstValue("Retry-After").orElseThrow())).isPositive();
      assertThat(answer.headers().firstValue("X-RateLimit-Remaining")).hasValue("0");
    });
    assertThat(answers).allSatisfy(answer ->
        assertThat(answer.headers().firstValue("X-RateLimit-Limit")).hasValue(Integer.toString(CAPPED_LIMIT)));
  }

  @Test
  void aThrottledIdempotentCallIsRetriedOnceAndAnotherPassedBack() {
    String id = keyed();
    TestConduit.Response retried = call("GET", proxy(id, "throttled-once"), alice, null);
    assertThat(retried.status()).isEqualTo(200);
    assertThat(retried.json().getString("after")).isEqualTo("retry");
    assertThat(api.calls("/throttled-once")).hasSize(2);

    TestConduit.Response passedBack = call("POST", proxy(id, "throttled-once"), alice, "{}");
    assertThat(passedBack.status()).isEqualTo(429);
    assertThat(passedBack.header("Retry-After")).isEqualTo("1");
    assertThat(passedBack.json().getString("error")).isEqualTo("slow down");
    assertThat(api.calls("/throttled-once")).hasSize(3);
  }

  @Test
  void aRejectedTokenIsRefreshedOnceForConcurrentCallsAndTheCallsRetried() {
    String id = connection(alice, "apiacme",
        "{\"kind\":\"oauth2\",\"accessToken\":\"stale\",\"refreshToken\":\"rt-0\",\"expiresIn\":3600}");
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    HttpClient client = HttpClient.newHttpClient();
    for (int i = 0; i < 8; i++) {
      calls.add(client.sendAsync(HttpRequest.newBuilder(conduit.uri(proxy(id, "only-fresh")))
          .header("Authorization", "Bearer " + alice).POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}"))
          .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
    }
    assertThat(calls.stream().map(CompletableFuture::join)).allSatisfy(answer -> {
      assertThat(answer.statusCode()).isEqualTo(200);
      assertThat(new JsonObject(answer.body()).getString("token")).isEqualTo("accepted");
    });
    assertThat(oauthProvider.tokenCalls()).hasSize(1);
    assertThat(api.calls("/only-fresh")).filteredOn(call -> "Bearer at-1".equals(call.header("Authorization")))
        .hasSize(8).allSatisfy(call -> assertThat(call.body()).startsWith("{\"n\":"));
  }

  @Test
  void aRejectedTokenWithABodyTooLargeToKeepIsPassedBack() {
    String id = connection(alice, "apiacme",
        "{\"kind\":\"oauth2\",\"accessToken\":\"stale\",\"refreshToken\":\"rt-0\",\"expiresIn\":3600}");
    TestConduit.Response answer = call("PUT", proxy(id, "only-fresh"), alice, "x".repeat(100_000));
    assertThat(answer.status()).isEqualTo(401);
    assertThat(answer.json().getString("token")).isEqualTo("refused");
    assertThat(oauthProvider.tokenCalls()).isEmpty();
  }

  @Test
  void aDeadRefreshTokenFoundAfterA401IsNeedsReauth() {
    oauthProvider.always(FakeProvider.Answer.json(400, "{\"error\":\"invalid_grant\"}"));
    String id = connection(alice, "apiacme",
        "{\"kind\":\"oauth2\",\"accessToken\":\"stale\",\"refreshToken\":\"rt-0\",\"expiresIn\":3600}");
    TestConduit.Response answer = call("GET", proxy(id, "only-fresh"), alice, null);
    assertThat(answer.status()).isEqualTo(409);
    assertThat(errorCode(answer)).isEqualTo("needs_reauth");
  }

  @Test
  void eachCallIsAuditedWithoutItsQueryAndCountedInTheMetrics() {
    String id = keyed();
    call("DELETE", proxy(id, "repos/x?secret=query"), alice, null);
    Wait.patiently().untilAsserted(() -> {
      JsonArray entries = conduit.call("GET", "/api/audit-events?filter%5Baction%5D=proxy", alice, null).json()
          .getJsonArray("data");
      assertThat(entries).hasSize(1);
      JsonObject entry = entries.getJsonObject(0).getJsonObject("attributes");
      assertThat(entry.getString("method")).isEqualTo("DELETE");
      assertThat(entry.getString("path")).isEqualTo("/repos/x");
      assertThat(entry.getInteger("statusCode")).isEqualTo(200);
      assertThat(entry.getString("outcome")).isEqualTo("ok");
      assertThat(entry.getString("connectionId")).isEqualTo(id);
    });
    String metrics = conduit.get("/metrics").body();
    assertThat(metrics).contains("conduit_proxy_requests_total{connector=\"keyed\",status=\"2xx\"}")
        .contains("conduit_proxy_latency_seconds_bucket{connector=\"keyed\"");
  }

  static String errorCode(TestConduit.Response response) {
    return response.json().getJsonArray("errors").getJsonObject(0).getString("code");
  }
}
