package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.conduit.store.TestDatabase;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The catalogue of bad inputs and faults ({@code research/security.md} (b), {@link FaultCatalogue}) as cases: each
 * hostile request gets a clear, specific error (status, code and, for a 400, the pointer) and leaves every table
 * as it was ({@link DatabaseDigest}). Routes are walked from the OpenAPI document, so a new route is attacked too.
 * Each case's name starts with its catalogue row. Rows covered by lower-level tests are mapped, not repeated.
 */
class FaultCatalogTest {

  private static final String ALICE = TestConduit.token("alice");
  private static final String BOB = TestConduit.token("bob");
  private static final String JSON_API = "application/vnd.api+json";
  private static final List<ApiOperation> OPERATIONS = ApiOperation.all();
  /** A valid body of each operation that takes JSON, which the cases then spoil one way at a time. */
  private static final Map<String, String> VALID_BODIES = Map.of(
      "createConnection", "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"github\","
          + "\"label\":\"fault catalogue\"}}}",
      "updateConnection", "{\"data\":{\"type\":\"connections\",\"attributes\":{\"label\":\"renamed\"}}}",
      "depositCredential", "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"oauth2\","
          + "\"accessToken\":\"hostile\",\"expiresIn\":3600}}}",
      "createConnectSession", "{\"data\":{\"type\":\"connect-sessions\",\"attributes\":{\"connectors\":[\"stripe\"],"
          + "\"label\":\"x\"}}}",
      "authorizeConnection", "{\"data\":{\"type\":\"authorizations\",\"attributes\":{\"scopes\":[\"repo\"]}}}",
      "createWebhook", "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"https://93.184.215.14/hook\","
          + "\"events\":[\"webhook.test\"]}}}",
      "updateWebhook", "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"events\":[\"webhook.test\"]}}}",
      "createApiKey", "{\"data\":{\"type\":\"api-keys\",\"attributes\":{\"name\":\"fault catalogue\","
          + "\"scopes\":[\"connections:read\"]}}}");

  /**
   * Five servers share the database here; a sweep of one could claim the expired tokens another's cases make
   * (row 29) while a case compares the tables, so their sweeps run hourly (refresh on read still works).
   */
  private static final Map<String, String> QUIET_SWEEP = Map.of("CONDUIT_REFRESH_INTERVAL", "PT1H");
  private static TestConduit conduit;
  private static WebhookReceiver receiver;
  private static Seed seed;

  /** What the hostile requests aim at: resources of alice's, and bob's own, made once for the whole class. */
  record Seed(String aliceConnection, String aliceWebhook, String aliceDelivery, String connectToken,
      String aliceApiKey, String bobWebhook) {

    static Seed plant(TestConduit conduit, WebhookReceiver receiver) {
      String connection = conduit.createConnection(ALICE, "github");
      TestConduit.Response deposited = conduit.deposit(ALICE, connection,
          "{\"kind\":\"oauth2\",\"accessToken\":\"keep-me\",\"expiresIn\":3600}");
      assertThat(deposited.status()).as(deposited.body()).isEqualTo(200);
      String webhook = conduit.createWebhook(ALICE, receiver.url("/alice"), "webhook.test").getString("id");
      assertThat(conduit.call("POST", "/api/webhooks/" + webhook + "/test", ALICE, null).status()).isEqualTo(202);
      // delivered and done before any snapshot: a delivery still under way would change the tables by itself
      String delivery = Wait.patiently().until(() -> deliveredId(conduit, webhook), Objects::nonNull);
      TestConduit.Response session = conduit.call("POST", "/api/connect-sessions", ALICE, VALID_BODIES.get(
          "createConnectSession"));
      assertThat(session.status()).as(session.body()).isEqualTo(201);
      String url = session.json().getJsonObject("data").getJsonObject("attributes").getString("url");
      TestConduit.Response key = conduit.call("POST", "/api/api-keys", ALICE, VALID_BODIES.get("createApiKey"));
      assertThat(key.status()).as(key.body()).isEqualTo(201);
      conduit.createConnection(BOB, "stripe");
      String bobs = conduit.createWebhook(BOB, receiver.url("/bob"), "webhook.test").getString("id");
      return new Seed(connection, webhook, delivery, url.substring(url.lastIndexOf('/') + 1),
          key.json().getJsonObject("data").getString("id"), bobs);
    }

    private static String deliveredId(TestConduit conduit, String webhook) {
      JsonArray deliveries = conduit.call("GET", "/api/webhooks/" + webhook + "/deliveries", ALICE, null).json()
          .getJsonArray("data");
      return deliveries.stream().map(JsonObject.class::cast)
          .filter(d -> "delivered".equals(d.getJsonObject("attributes").getString("status")))
          .map(d -> d.getString("id")).findFirst().orElse(null);
    }

    /**
     * What a hostile request of alice's or bob's puts for a path parameter: alice's resource for an id or a link
     * token, a plain word for anything else (a path below a resource, say). Fails, naming the parameter, when the
     * suite knows no resource of alice's for an id: a new kind of resource needs one here to be attacked.
     */
    String alices(ApiOperation operation, String parameter) {
      String resource = resource(operation, parameter);
      if (resource == null) {
        throw new AssertionError("FaultCatalogTest.Seed knows no resource of alice's for {" + parameter + "} in "
            + operation.path() + ": add one");
      }
      return resource;
    }

    /** As {@link #alices}, but null for an id the suite knows no resource of alice's for. */
    String resource(ApiOperation operation, String parameter) {
      if (parameter.equals("deliveryId")) {
        return aliceDelivery;
      }
      if (parameter.equals("token") && operation.path().startsWith("/connect/")) {
        return connectToken;
      }
      if (parameter.equals("id") && operation.path().startsWith("/api/connections/")) {
        return aliceConnection;
      }
      if (parameter.equals("id") && operation.path().startsWith("/api/webhooks/")) {
        return aliceWebhook;
      }
      if (parameter.equals("id") && operation.path().startsWith("/api/api-keys/")) {
        return aliceApiKey;
      }
      return names(parameter) ? null : "x";
    }

    /** Whether a path parameter names a resource (an id or a link token) rather than, say, a sub-path. */
    static boolean names(String parameter) {
      return parameter.equals("id") || parameter.endsWith("Id") || parameter.equals("token");
    }
  }

  @BeforeAll
  static void start() {
    receiver = new WebhookReceiver();
    // loopback receivers allowed, so that alice's delivery is made and finished before the cases start; the
    // production URL rules are attacked in the Row39 class, on a server with the defaults
    Map<String, String> environment = new java.util.HashMap<>(WebhookReceiver.lenientWebhooks("PT1H"));
    environment.putAll(QUIET_SWEEP);
    conduit = TestConduit.start(environment);
    TestDatabase.truncateAll();
    seed = Seed.plant(conduit, receiver);
  }

  @AfterAll
  static void stop() {
    conduit.close();
    receiver.close();
  }

  // ---------------------------------------------------------------------------------------------- the catalogue

  @TestFactory
  Stream<DynamicTest> everyRowIsTestedHereMappedToExistingTestsOrExplained() {
    List<DynamicTest> checks = new ArrayList<>();
    checks.add(dynamicTest("the catalogue has rows 1 to 44, once each", () -> assertThat(
        FaultCatalogue.ROWS.stream().map(FaultCatalogue.Row::number).toList())
        .isEqualTo(java.util.stream.IntStream.rangeClosed(1, 44).boxed().toList())));
    for (FaultCatalogue.Row row : FaultCatalogue.ROWS) {
      checks.add(dynamicTest(row.number() + ": " + row.coverage() + " " + row.fault(), () -> {
        switch (row.coverage()) {
          case SUITE -> assertThat(suiteMethods()).as("a method of FaultCatalogTest named row%02d...", row.number())
              .anyMatch(name -> name.startsWith(String.format("row%02d", row.number())));
          case MAPPED -> assertThat(row.tests()).isNotEmpty();
          case NOT_APPLICABLE, PENDING, GAP -> assertThat(row.note()).isNotBlank();
        }
        for (String test : row.tests()) {
          assertThat(testMethodExists(test)).as("%s names a test method that exists", test).isTrue();
        }
      }));
    }
    for (FaultCatalogue.PendingElsewhere pending : FaultCatalogue.PENDING_ELSEWHERE) {
      checks.add(dynamicTest(pending.rows() + ": pending on " + pending.work(), () -> assertThat(
          FaultCatalogue.ROWS.stream().map(FaultCatalogue.Row::number)).containsAll(pending.rows())));
    }
    return checks.stream();
  }

  private static List<String> suiteMethods() {
    List<String> names = new ArrayList<>();
    List<Class<?>> classes = new ArrayList<>(List.of(FaultCatalogTest.class));
    classes.addAll(List.of(FaultCatalogTest.class.getDeclaredClasses()));
    for (Class<?> type : classes) {
      for (Method method : type.getDeclaredMethods()) {
        names.add(method.getName());
      }
    }
    return names;
  }

  /** Whether {@code module/Class#method} names a test method in that module's test sources. */
  private static boolean testMethodExists(String reference) throws IOException {
    String module = reference.substring(0, reference.indexOf('/'));
    String type = reference.substring(reference.indexOf('/') + 1, reference.indexOf('#'));
    String method = reference.substring(reference.indexOf('#') + 1);
    Path sources = projectRoot().resolve("modules").resolve(module).resolve("src/test/java");
    try (Stream<Path> files = Files.walk(sources)) {
      for (Path file : files.filter(f -> f.getFileName().toString().equals(type + ".java")).toList()) {
        String text = Files.readString(file);
        // a test annotation, then (past its arguments, which may hold braces) no other method before this one
        if (java.util.regex.Pattern.compile("@(Test|ParameterizedTest|TestFactory)\\b(?:(?!\\bvoid\\b).){0,3000}?"
            + "\\bvoid\\s+" + method + "\\s*\\(", java.util.regex.Pattern.DOTALL).matcher(text).find()) {
          return true;
        }
      }
    }
    return false;
  }

  private static Path projectRoot() {
    Path here = Path.of("").toAbsolutePath();
    while (here != null && !Files.isDirectory(here.resolve("modules/app"))) {
      here = here.getParent();
    }
    return Objects.requireNonNull(here, "not run inside the project");
  }

  // ------------------------------------------------------------------------------------------ rows 1 to 6: JSON

  private static Stream<ApiOperation> jsonOperations() {
    return OPERATIONS.stream().filter(ApiOperation::takesJson);
  }

  @TestFactory
  Stream<DynamicTest> row00_everyOperationThatTakesJsonHasAValidBodyToSpoil() {
    return jsonOperations().map(operation -> dynamicTest("1-6: " + operation + " has a valid body in VALID_BODIES",
        () -> assertThat(VALID_BODIES).containsKey(operation.id())));
  }

  @TestFactory
  Stream<DynamicTest> row01_malformedJsonAndWrongMediaTypes() {
    return jsonOperations().filter(o -> VALID_BODIES.containsKey(o.id())).flatMap(operation -> {
      String valid = VALID_BODIES.get(operation.id());
      return Stream.of(
          refused(1, operation, "cut off", JSON_API, valid.substring(0, valid.length() / 2), 400, "malformed_json",
              null),
          refused(1, operation, "trailing garbage", JSON_API, valid + "x", 400, "malformed_json", null),
          refused(1, operation, "a second JSON value", JSON_API, valid + " {}", 400, "malformed_json", null),
          refused(1, operation, "NaN", JSON_API, valid.replace("\"attributes\":{", "\"attributes\":{\"n\":NaN,"),
              400, "malformed_json", null),
          refused(1, operation, "Infinity", JSON_API,
              valid.replace("\"attributes\":{", "\"attributes\":{\"n\":Infinity,"), 400, "malformed_json", null),
          refused(1, operation, "a byte order mark", JSON_API, "\uFEFF" + valid, 400, "malformed_json", null),
          refused(1, operation, "single quotes", JSON_API, valid.replace('"', '\''), 400, "malformed_json", null),
          refused(1, operation, "a comment", JSON_API, "/* hi */" + valid, 400, "malformed_json", null),
          refused(1, operation, "text/plain", "text/plain", valid, 415, "unsupported_media_type", null),
          refused(1, operation, "a form", "application/x-www-form-urlencoded", "data=x", 415,
              "unsupported_media_type", null),
          refused(1, operation, "no Content-Type", null, valid, 415, "unsupported_media_type", null));
    });
  }

  @TestFactory
  Stream<DynamicTest> row01_anEmptyBodyWhereOneIsRequired() {
    return jsonOperations().filter(ApiOperation::bodyRequired).map(operation ->
        refused(1, operation, "an empty body", JSON_API, "", 400, "validation_failed", ""));
  }

  @TestFactory
  Stream<DynamicTest> row02_bodiesOverTheLimit() {
    String json = "{\"data\":{\"type\":\"x\",\"attributes\":{\"label\":\"" + "x".repeat(70_000) + "\"}}}";
    Stream<DynamicTest> jsonCases = jsonOperations().map(operation ->
        refused(2, operation, "70 kB of JSON", JSON_API, json, 413, "payload_too_large", null));
    Stream<DynamicTest> formCases = OPERATIONS.stream().filter(ApiOperation::takesForm).map(operation ->
        dynamicTest("2: " + operation + " with a 70 kB form", () -> {
          TestConduit.Response response = unchanged(() -> conduit.send(HttpRequest.newBuilder(conduit.uri(
                  operation.path(name -> seed.alices(operation, name))))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("apiKey=" + "k".repeat(70_000)))));
          assertThat(response.status()).as(response.body()).isEqualTo(413);
        }));
    return Stream.concat(jsonCases, formCases);
  }

  @TestFactory
  Stream<DynamicTest> row03_nestingDeeperThanAThousand() {
    return jsonOperations().filter(o -> VALID_BODIES.containsKey(o.id())).flatMap(operation -> Stream.of(1_001,
        20_000).map(depth -> {
          String deep = "[".repeat(depth) + "]".repeat(depth);
          String body = VALID_BODIES.get(operation.id()).replace("\"attributes\":{", "\"attributes\":{\"deep\":" + deep
              + ",");
          return refused(3, operation, "arrays nested " + depth + " deep", JSON_API, body, 400, "malformed_json",
              null);
        }));
  }

  @TestFactory
  Stream<DynamicTest> row04_duplicateKeys() {
    return jsonOperations().filter(o -> VALID_BODIES.containsKey(o.id())).flatMap(operation -> {
      String valid = VALID_BODIES.get(operation.id());
      JsonObject attributes = attributes(valid);
      String first = attributes.fieldNames().iterator().next();
      String repeated = valid.replace("\"attributes\":{", "\"attributes\":{\"" + first + "\":"
          + Json.encode(attributes.getValue(first)) + ",");
      String type = new JsonObject(valid).getJsonObject("data").getString("type");
      return Stream.of(
          refused(4, operation, "attribute " + first + " twice", JSON_API, repeated, 400, "malformed_json", null),
          refused(4, operation, "type twice", JSON_API, valid.replace("\"type\":\"" + type + "\"",
              "\"type\":\"" + type + "\",\"type\":\"" + type + "\""), 400, "malformed_json", null),
          refused(4, operation, "data twice", JSON_API, valid.replaceFirst("\\{\"data\":",
              "{\"data\":{},\"data\":"), 400, "malformed_json", null));
    });
  }

  @TestFactory
  Stream<DynamicTest> row05_fieldsACallerMayNotSet() {
    return jsonOperations().filter(o -> VALID_BODIES.containsKey(o.id())).flatMap(operation -> Stream.of(
            "tenant_id", "owner_id", "owner", "status", "cred_version", "credVersion", "createdAt", "secret")
        .filter(name -> !attributes(VALID_BODIES.get(operation.id())).containsKey(name))
        .map(name -> {
          String body = VALID_BODIES.get(operation.id()).replace("\"attributes\":{", "\"attributes\":{\"" + name
              + "\":\"x\",");
          return refused(5, operation, "attribute " + name, JSON_API, body, 400, "validation_failed",
              "/data/attributes/" + name);
        }));
  }

  @TestFactory
  Stream<DynamicTest> row05_membersBesideTheAttributes() {
    return jsonOperations().filter(o -> VALID_BODIES.containsKey(o.id())).flatMap(operation -> {
      String valid = VALID_BODIES.get(operation.id());
      return Stream.of(
          refused(5, operation, "an owner beside the type", JSON_API, valid.replaceFirst("\\{\"data\":\\{",
              "{\"data\":{\"owner\":\"bob\","), 400, "validation_failed", "/data/owner"),
          refused(5, operation, "an owner relationship", JSON_API, valid.replaceFirst("\\{\"data\":\\{",
              "{\"data\":{\"relationships\":{\"owner\":{\"data\":{\"type\":\"owners\",\"id\":\"bob\"}}},"), 400,
              "validation_failed", "/data/relationships"),
          refused(5, operation, "an owner at the top level", JSON_API, valid.replaceFirst("\\{\"data\":",
              "{\"owner\":\"bob\",\"data\":"), 400, "validation_failed", "/owner"));
    });
  }

  @TestFactory
  Stream<DynamicTest> row05_queryParametersACallerMayNotSet() {
    // the proxy's query string is the provider's, passed on as it came: not Conduit's to refuse
    return OPERATIONS.stream().filter(ApiOperation::secured).filter(operation -> !operation.path().contains("/proxy/"))
        .flatMap(operation -> Stream.of("owner",
        "filter%5Bowner%5D", "tenant_id").map(parameter -> dynamicTest("5: " + operation + " with ?" + parameter
            + "=bob", () -> {
          String path = operation.path(name -> seed.alices(operation, name)) + "?" + parameter + "=bob";
          TestConduit.Response response = unchanged(() -> call(operation, path, ALICE));
          assertError(response, 400, "validation_failed", null);
          assertThat(response.error().getJsonObject("source").getString("parameter"))
              .isEqualTo(java.net.URLDecoder.decode(parameter, StandardCharsets.UTF_8));
        })));
  }

  @TestFactory
  Stream<DynamicTest> row06_wrongTypesOfTheEnvelope() {
    return jsonOperations().filter(o -> VALID_BODIES.containsKey(o.id())).flatMap(operation -> {
      String valid = VALID_BODIES.get(operation.id());
      return Stream.of(
          refused(6, operation, "the type as a number", JSON_API, valid.replaceFirst("\"type\":\"[a-z-]+\"",
              "\"type\":42"), 400, "validation_failed", "/data/type"),
          refused(6, operation, "data as an array", JSON_API, "{\"data\":[" + new JsonObject(valid)
              .getJsonObject("data").encode() + "]}", 400, "validation_failed", "/data"),
          refused(6, operation, "attributes as a string", JSON_API, valid.replaceFirst("\"attributes\":\\{.*\\}\\}\\}$",
              "\"attributes\":\"x\"}}"), 400, "validation_failed", "/data/attributes"));
    });
  }

  @TestFactory
  Stream<DynamicTest> row06_wrongTypesAndHugeNumbers() {
    return jsonOperations().filter(o -> VALID_BODIES.containsKey(o.id())).flatMap(operation -> {
      String valid = VALID_BODIES.get(operation.id());
      JsonObject attributes = attributes(valid);
      List<DynamicTest> cases = new ArrayList<>();
      for (String name : attributes.fieldNames()) {
        for (Object wrong : wrongValues(attributes.getValue(name))) {
          JsonObject spoiled = new JsonObject(valid);
          spoiled.getJsonObject("data").getJsonObject("attributes").put(name, wrong);
          // 2^70 and 1e400 must reach the server as written, not as a Java double or long
          String body = spoiled.encode().replace("\"2^70\"", "1180591620717411303424").replace("\"1e400\"", "1e400");
          cases.add(refused(6, operation, name + " = " + Json.encode(wrong), JSON_API, body, 400,
              "validation_failed", "/data/attributes/" + name));
        }
      }
      return cases.stream();
    });
  }

  /** Values of every other JSON type than {@code valid}'s; "2^70" and "1e400" stand for those numbers. */
  private static List<Object> wrongValues(Object valid) {
    if (valid instanceof String) {
      return List.of(42, true, new JsonArray().add("x"), new JsonObject().put("a", "b"), "2^70");
    }
    if (valid instanceof Number) {
      return List.of("3600", true, new JsonArray().add(1), "2^70", "1e400");
    }
    if (valid instanceof JsonArray) {
      return List.of("x", 42, new JsonObject().put("0", "x"), new JsonArray().add(new JsonArray().add("x")));
    }
    return List.of("x", 42, new JsonArray());
  }

  private static JsonObject attributes(String body) {
    return new JsonObject(body).getJsonObject("data").getJsonObject("attributes");
  }

  /** {@code refused} for a body sent as alice to alice's resources. */
  private static DynamicTest refused(int row, ApiOperation operation, String what, String contentType, String body,
      int status, String code, String pointer) {
    return dynamicTest(row + ": " + operation + " with " + what, () -> {
      HttpRequest.Builder request = HttpRequest.newBuilder(conduit.uri(operation.path(
              name -> seed.alices(operation, name))))
          .header("Authorization", "Bearer " + ALICE)
          .method(operation.method(), HttpRequest.BodyPublishers.ofByteArray(body.getBytes(StandardCharsets.UTF_8)));
      if (contentType != null) {
        request.header("Content-Type", contentType);
      }
      assertError(unchanged(() -> conduit.send(request)), status, code, pointer);
    });
  }

  // ------------------------------------------------------------------------------ row 7: headers, URLs, logs

  @TestFactory
  Stream<DynamicTest> row07_oversizedHeadersAndUrlsAndInjectedHeaderValues() {
    String create = VALID_BODIES.get("createConnection");
    return Stream.of(
        dynamicTest("7: a header over 8 KiB is 431", () -> assertRefusedAtHead(unchanged(() -> conduit.send(
            headOnlyCreateRequest("/api/connections").header("X-Padding", "p".repeat(9_000)))), 431)),
        dynamicTest("7: 300 headers (over 8 KiB together) are 431", () -> {
          HttpRequest.Builder request = headOnlyCreateRequest("/api/connections");
          for (int i = 0; i < 300; i++) {
            request.header("X-Many-" + i, "v".repeat(30));
          }
          assertRefusedAtHead(unchanged(() -> conduit.send(request)), 431);
        }),
        dynamicTest("7: a URL over 4 KiB is 414", () -> assertRefusedAtHead(unchanged(() -> conduit.send(
            HttpRequest.newBuilder(conduit.uri("/api/connections?filter%5Bconnector%5D=" + "g".repeat(5_000)))
                .header("Authorization", "Bearer " + ALICE))), 414)),
        dynamicTest("7: a write with a URL over 4 KiB is 414", () -> assertRefusedAtHead(unchanged(() -> conduit.send(
            headOnlyCreateRequest("/api/connections?pad=" + "p".repeat(5_000)))), 414)),
        injectedRequestId("a CR LF and a forged header", "abc\r\nX-Injected: 1"),
        injectedRequestId("a CR LF and a forged log line", "abc\r\nERROR forged log line"),
        injectedRequestId("a bare CR", "abc\rX-Injected: 1"),
        injectedRequestId("a bare LF", "abc\nX-Injected: 1"),
        injectedRequestId("a NUL", "abc\u0000def"),
        injectedRequestId("a quote and key=value", "abc\" level=ERROR msg=\"forged"),
        injectedRequestId("non-ASCII", "abc\u00e9\u2028def"),
        injectedRequestId("129 characters", "r".repeat(129)),
        dynamicTest("7: a label with CR LF is kept as text and forges neither a log line nor a header", () -> {
          // a label is free text: line breaks are allowed, so this case checks they stay harmless, then cleans up
          String label = "x\r\nERROR forged log line\r\nX-Injected: 1";
          try (LogCapture log = new LogCapture()) {
            TestConduit.Response created = conduit.call("POST", "/api/connections", ALICE,
                new JsonObject(create).put("data", new JsonObject(create).getJsonObject("data").put("attributes",
                    new JsonObject().put("connector", "github").put("label", label))).encode());
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            String id = created.json().getJsonObject("data").getString("id");
            TestConduit.Response read = conduit.call("GET", "/api/connections/" + id, ALICE, null);
            assertThat(read.header("X-Injected")).isNull();
            assertThat(read.json().getJsonObject("data").getJsonObject("attributes").getString("label"))
                .isEqualTo(label);
            assertThat(conduit.call("DELETE", "/api/connections/" + id, ALICE, null).status()).isEqualTo(204);
            assertThat(log.text().lines()).noneMatch(line -> line.startsWith("ERROR forged"));
          }
        }));
  }

  /**
   * A create without its body, for requests refused at their head: Conduit closes the connection as soon as it has
   * answered 431 or 414, and a body the client is still writing then would meet a reset that can take the answer with it.
   */
  private static HttpRequest.Builder headOnlyCreateRequest(String pathAndQuery) {
    return HttpRequest.newBuilder(conduit.uri(pathAndQuery)).header("Authorization", "Bearer " + ALICE)
        .header("Content-Type", JSON_API).POST(HttpRequest.BodyPublishers.noBody());
  }

  /**
   * An X-Request-Id the JDK client would refuse to send, written on a socket: the request is refused by the HTTP
   * parser or answered with a fresh id, and the value reaches neither a response header nor a log line.
   */
  private static DynamicTest injectedRequestId(String what, String value) {
    return dynamicTest("7: an X-Request-Id with " + what + " is replaced or refused, never echoed", () -> {
      try (LogCapture log = new LogCapture()) {
        String head = unchanged(() -> new TestConduit.Response(0, Map.of(), raw("POST /api/connections HTTP/1.1\r\n"
            + "Host: 127.0.0.1\r\nAuthorization: Bearer " + ALICE + "\r\nContent-Type: " + JSON_API + "\r\n"
            + "X-Request-Id: " + value + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))).body();
        String status = head.lines().findFirst().orElse("");
        assertThat(status).as(head).matches("HTTP/1\\.1 (400|401) .*");
        // an id is echoed only when it is the whole, plain value (the part before a line break is a header of its own)
        assertThat(head.lines().skip(1)).as(head).noneMatch(line -> line.toLowerCase().startsWith("x-injected"))
            .filteredOn(line -> line.toLowerCase().startsWith("x-request-id:"))
            .allMatch(line -> line.matches("(?i)x-request-id: [A-Za-z0-9._:-]{1,128}"))
            .noneMatch(line -> line.contains("forged"));
        assertThat(log.text().lines())
            .noneMatch(line -> line.startsWith("ERROR forged") || line.contains("X-Injected"));
      }
    });
  }

  /** Sends {@code request} as bytes and returns what comes back up to the end of the headers. */
  private static String raw(String request) {
    try (Socket socket = new Socket("127.0.0.1", conduit.port)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = socket.getInputStream();
      StringBuilder head = new StringBuilder();
      int b;
      while ((b = in.read()) != -1) {
        head.append((char) b);
        if (head.toString().endsWith("\r\n\r\n")) {
          break;
        }
      }
      return head.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // --------------------------------------------------------------------------------------------- row 8: ids

  @TestFactory
  Stream<DynamicTest> row08_idsThatAreNoIdsAreTheSameForEveryCaller() {
    Map<String, java.util.function.UnaryOperator<String>> spellings = new LinkedHashMap<>();
    spellings.put("not a UUID", id -> "not-a-uuid");
    spellings.put("an encoded ../", id -> "..%2F..%2Fapi%2Fwebhooks");
    spellings.put("an encoded ..", id -> "%2E%2E");
    spellings.put("a NUL after the id", id -> id + "%00");
    spellings.put("a character after the id", id -> id + "x");
    spellings.put("an SQL payload", id -> "%27%20OR%20%271%27%3D%271");
    spellings.put("the id in braces", id -> "%7B" + id + "%7D");
    spellings.put("the id without dashes", id -> id.replace("-", ""));
    return ownedOperations().flatMap(operation -> spellings.entrySet().stream().map(spelling ->
        dynamicTest("8: " + operation + " with " + spelling.getKey(), () -> {
          String path = operation.path(name -> spelling.getValue().apply(seed.alices(operation, name)));
          TestConduit.Response[] asBob = new TestConduit.Response[1];
          TestConduit.Response asAlice = unchanged(() -> {
            asBob[0] = call(operation, path, BOB);
            return call(operation, path, ALICE);
          });
          assertThat(asAlice.status()).as(asAlice.body()).isIn(400, 404);
          assertThat(asBob[0].status()).isEqualTo(asAlice.status());
          assertThat(asBob[0].error().getString("code")).isEqualTo(asAlice.error().getString("code"));
        })));
  }

  @TestFactory
  Stream<DynamicTest> row08_anUpperCaseSpellingOfAnotherOwnersIdIsAnUnknownId() {
    return ownedOperations().map(operation -> dynamicTest("8: bob's " + operation + " on alice's id in upper case",
        () -> assertSameAsUnknown(operation, call -> call.apply(operation.path(
            name -> seed.alices(operation, name).toUpperCase(java.util.Locale.ROOT))))));
  }

  @TestFactory
  Stream<DynamicTest> row08_connectLinksThatAreNoLinks() {
    // no bare "%2E%2E": /connect/.. is the home page by ordinary URL normalisation, not a connect link
    List<String> tokens = List.of("not-a-token", "..%2F..%2Fapi%2Fconnections", "a%00b", "t".repeat(3_000),
        seed.connectToken().toUpperCase(java.util.Locale.ROOT), seed.connectToken() + "x", "%27%20OR%20%271%27%3D%271");
    return OPERATIONS.stream().filter(o -> !o.secured() && o.pathParameters().contains("token"))
        .flatMap(operation -> tokens.stream().map(token -> dynamicTest("8: " + operation + " with the link token "
            + (token.length() > 40 ? token.length() + " characters long" : token), () -> {
              HttpRequest.Builder request = HttpRequest.newBuilder(conduit.uri(operation.path(name -> token)))
                  .method(operation.method(), operation.takesForm()
                      ? HttpRequest.BodyPublishers.ofString("connector=stripe&apiKey=k&csrf=x")
                      : HttpRequest.BodyPublishers.noBody());
              if (operation.takesForm()) {
                request.header("Content-Type", "application/x-www-form-urlencoded");
              }
              TestConduit.Response response = unchanged(() -> conduit.send(request));
              assertThat(response.status()).as(response.body()).isIn(400, 403, 404);
              assertThat(response.body()).doesNotContain("Exception", "\tat ");
            })));
  }

  /** Operations whose path names a resource of an owner. */
  private static Stream<ApiOperation> ownedOperations() {
    return OPERATIONS.stream().filter(o -> o.secured() && !o.pathParameters().isEmpty());
  }

  // ---------------------------------------------------------------------------------------- rows 9, 15: tokens

  @TestFactory
  Stream<DynamicTest> row09_everyProtectedOperationWithoutOneBearerTokenIs401() {
    Map<String, String> authorizations = new LinkedHashMap<>();
    authorizations.put("no Authorization header", null);
    authorizations.put("Bearer without a token", "Bearer");
    authorizations.put("Bearer and a space", "Bearer ");
    authorizations.put("two tokens", "Bearer " + ALICE + " " + ALICE);
    authorizations.put("two Bearer tokens", "Bearer " + ALICE + ", Bearer " + ALICE);
    authorizations.put("the Basic scheme", "Basic YWxpY2U6c2VjcmV0");
    authorizations.put("the token without a scheme", ALICE);
    return OPERATIONS.stream().filter(ApiOperation::secured).flatMap(operation -> authorizations.entrySet().stream()
        .map(authorization -> dynamicTest("9: " + operation + " with " + authorization.getKey(), () -> {
          HttpRequest.Builder request = request(operation, operation.path(name -> known(operation, name)), null);
          if (authorization.getValue() != null) {
            request.header("Authorization", authorization.getValue());
          }
          assertUnauthorized(unchanged(() -> conduit.send(request)));
        })));
  }

  @TestFactory
  Stream<DynamicTest> row15_tokensThatAreNotCompactBase64UrlJwts() {
    long hour = System.currentTimeMillis() / 1000 + 3600;
    String header = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    String claims = "{\"sub\":\"alice\",\"exp\":" + hour + "}";
    byte[] secret = TestConduit.HS256_SECRET.getBytes(StandardCharsets.UTF_8);
    java.util.Base64.Encoder standard = java.util.Base64.getEncoder();
    String spaced = claims;
    while (standard.encodeToString(spaced.getBytes(StandardCharsets.UTF_8)).indexOf('=') < 0) {
      spaced += " ";
    }
    String padded = standard.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
        + standard.encodeToString(spaced.getBytes(StandardCharsets.UTF_8));
    String valid = HandMadeJwt.hs256(header, claims, secret);
    Map<String, String> tokens = new LinkedHashMap<>();
    tokens.put("base64 with padding, correctly signed", HandMadeJwt.hs256Signed(padded, secret));
    tokens.put("padding added to a valid token's parts", valid.replace(".", "=."));
    tokens.put("a valid token in the standard alphabet", valid.replace('-', '+').replace('_', '/') + "+/");
    tokens.put("a valid token with a fourth part", valid + ".AAAA");
    tokens.put("a valid token with a space inside", valid.substring(0, 20) + " " + valid.substring(20));
    tokens.put("a valid token with non-ASCII inside", valid.substring(0, 20) + "\u00e9" + valid.substring(20));
    tokens.put("an empty header and payload", ".." + valid.substring(valid.lastIndexOf('.') + 1));
    List<DynamicTest> cases = new ArrayList<>();
    tokens.forEach((what, token) -> cases.add(dynamicTest("15: " + what + " is 401", () -> assertUnauthorized(
        unchanged(() -> conduit.call("POST", "/api/connections", token, VALID_BODIES.get("createConnection")))))));
    // without a body, as the 431s of row 7 (headOnlyCreateRequest says why)
    cases.add(dynamicTest("15: a token over 8 KiB is 431", () -> assertRefusedAtHead(unchanged(() -> conduit.call(
        "POST", "/api/connections", HandMadeJwt.hs256(header, "{\"sub\":\"alice\",\"exp\":" + hour + ",\"pad\":\""
            + "p".repeat(9_000) + "\"}", secret), null)), 431)));
    return cases.stream();
  }

  // ----------------------------------------------------------------------------------------- row 16: tenancy

  @TestFactory
  Stream<DynamicTest> row16_anotherOwnersResourceOnEveryRouteIsAnUnknownId() {
    Stream<DynamicTest> walked = ownedOperations().map(operation -> dynamicTest("16: bob's " + operation
        + " on alice's", () -> {
          assertSameAsUnknown(operation, call -> call.apply(operation.path(name -> seed.alices(operation, name))));
        }));
    Stream<DynamicTest> mixed = ownedOperations().filter(o -> o.pathParameters().contains("deliveryId"))
        .map(operation -> dynamicTest("16: bob's " + operation + " of alice's delivery through bob's own webhook",
            () -> assertSameAsUnknown(operation, call -> call.apply(operation.path(
                name -> name.equals("deliveryId") ? seed.aliceDelivery() : seed.bobWebhook())))));
    Stream<DynamicTest> others = Stream.of(
        dynamicTest("16: bob's reconnect session for alice's connection", () -> {
          String body = "{\"data\":{\"type\":\"connect-sessions\",\"attributes\":{\"connectionId\":\"%s\"}}}";
          TestConduit.Response foreign = unchanged(() -> conduit.call("POST", "/api/connect-sessions", BOB,
              body.formatted(seed.aliceConnection())));
          TestConduit.Response unknown = unchanged(() -> conduit.call("POST", "/api/connect-sessions", BOB,
              body.formatted(UUID.randomUUID())));
          assertThat(foreign.status()).as(foreign.body()).isEqualTo(404);
          assertThat(foreign.error().getString("code")).isEqualTo("not_found");
          assertThat(foreign.body()).isEqualTo(unknown.body());
        }),
        listShowsNothingOfAlices("/api/connections"),
        listShowsNothingOfAlices("/api/connections?filter%5Bconnector%5D=github"),
        listShowsNothingOfAlices("/api/webhooks"),
        dynamicTest("16: bob's audit trail holds only bob's own refused attempts on alice's ids", () -> {
          // bob's trail records what bob asked for, alice's ids included, and how it ended: never alice's actions
          String path = "/api/audit-events?page%5Bsize%5D=200";
          // the walk above made bob's attempts; entries are written in batches, within a second
          Wait.patiently().until(() -> conduit.call("GET", path, BOB, null).body().contains(seed.aliceConnection()));
          TestConduit.Response trail = unchanged(() -> conduit.call("GET", path, BOB, null));
          assertThat(trail.status()).as(trail.body()).isEqualTo(200);
          assertThat(trail.json().getJsonArray("data").stream().map(e -> ((JsonObject) e).getJsonObject("attributes")))
              .allMatch(entry -> "bob".equals(entry.getString("actor")))
              .filteredOn(entry -> seed.aliceConnection().equals(entry.getString("connectionId")))
              .allMatch(entry -> "not_found".equals(entry.getString("outcome")));
        }));
    return Stream.of(walked, mixed, others).flatMap(s -> s);
  }

  private static DynamicTest listShowsNothingOfAlices(String path) {
    return dynamicTest("16: bob's GET " + path + " shows nothing of alice's", () -> {
      TestConduit.Response list = unchanged(() -> conduit.call("GET", path, BOB, null));
      assertThat(list.status()).as(list.body()).isEqualTo(200);
      assertThat(list.body()).doesNotContain(seed.aliceConnection(), seed.aliceWebhook(), "\"alice\"", "keep-me");
    });
  }

  /**
   * Bob's call through {@code paths} (given a function from path to response) answers exactly as the same call on
   * ids that exist nowhere: 404 not_found, the same body and headers, and nothing changes.
   */
  private static void assertSameAsUnknown(ApiOperation operation,
      java.util.function.Function<java.util.function.Function<String, TestConduit.Response>, TestConduit.Response>
          paths) {
    TestConduit.Response foreign = unchanged(() -> paths.apply(path -> call(operation, path, BOB)));
    TestConduit.Response unknown = unchanged(() -> call(operation, operation.path(name -> Seed.names(name)
        ? UUID.randomUUID().toString() : "x"), BOB));
    assertThat(foreign.status()).as(foreign.body()).isEqualTo(404);
    assertThat(foreign.error().getString("code")).isEqualTo("not_found");
    assertThat(foreign.body()).isEqualTo(unknown.body());
    assertThat(foreign.headers().keySet()).isEqualTo(unknown.headers().keySet());
    assertThat(conduit.vend(ALICE, seed.aliceConnection()).json().getJsonObject("data").getJsonObject("attributes")
        .getString("accessToken")).isEqualTo("keep-me");
  }

  // ----------------------------------------------------------------------------------- row 36: OAuth callbacks

  @TestFactory
  Stream<DynamicTest> row36_callbacksWithHostileParameters() {
    return Stream.of("state=a&state=b&code=c", "state=a%00b&code=c", "state=" + "s".repeat(3_000) + "&code=c",
            "state=abc&code=c%0D%0ASet-Cookie:%20x=1", "state=%27%20OR%20%271%27%3D%271&code=c",
            "error=access_denied&error_description=%3Cscript%3Ealert(1)%3C/script%3E&state=abc",
            "state=abc&code=c&iss=https%3A%2F%2Fevil.example")
        .map(query -> dynamicTest("36: the callback with " + (query.length() > 60 ? query.substring(0, 60) + "..."
            : query) + " is a 400 page", () -> {
          TestConduit.Response page = unchanged(() -> conduit.get("/oauth/callback?" + query));
          assertThat(page.status()).as(page.body()).isEqualTo(400);
          assertThat(page.header("Content-Type")).startsWith("text/html");
          assertThat(page.header("Set-Cookie")).isNull();
          assertThat(page.body()).doesNotContain("<script>", "Exception");
        }));
  }

  // ------------------------------------------------------------------------------------ row 43: webhook secrets

  @TestFactory
  Stream<DynamicTest> row43_aCallerCannotChooseAWebhookSecret() {
    return Stream.of("createWebhook", "updateWebhook").map(id -> OPERATIONS.stream()
            .filter(o -> o.id().equals(id)).findFirst().orElseThrow())
        .map(operation -> dynamicTest("43: " + operation + " with a short secret of the caller's", () -> {
          String body = VALID_BODIES.get(operation.id()).replace("\"attributes\":{",
              "\"attributes\":{\"secret\":\"whsec_c2hvcnQ=\",");
          assertError(unchanged(() -> conduit.send(request(operation, operation.path(
              name -> seed.alices(operation, name)), ALICE).method(operation.method(),
              HttpRequest.BodyPublishers.ofString(body)))), 400, "validation_failed", "/data/attributes/secret");
        }));
  }


  // ------------------------------------------------------------------ rows 11, 13, 14: a server with a public key

  /** Tokens aimed at a server that verifies RS256 with a configured public key, an issuer and an audience. */
  @Nested
  class Row11To14WithAPublicKey {

    private static final String ISSUER = "https://id.example";
    private static final String AUDIENCE = "conduit";
    private static KeyPair ours;
    private static KeyPair theirs;
    private static String publicKeyPem;
    private static TestConduit server;

    @BeforeAll
    static void start() throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(2048);
      ours = generator.generateKeyPair();
      theirs = generator.generateKeyPair();
      publicKeyPem = "-----BEGIN PUBLIC KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes(
          StandardCharsets.US_ASCII)).encodeToString(ours.getPublic().getEncoded()) + "\n-----END PUBLIC KEY-----\n";
      server = TestConduit.start(Map.of("CONDUIT_AUTH_HS256_SECRET", "", "CONDUIT_AUTH_PUBLIC_KEY", publicKeyPem,
          "CONDUIT_AUTH_ISSUER", ISSUER, "CONDUIT_AUTH_AUDIENCE", AUDIENCE, "CONDUIT_REFRESH_INTERVAL", "PT1H"));
    }

    @AfterAll
    static void stop() {
      server.close();
    }

    private static String claims(String issuer, Object audience) {
      JsonObject claims = new JsonObject().put("sub", "alice").put("exp", System.currentTimeMillis() / 1000 + 3600);
      if (issuer != null) {
        claims.put("iss", issuer);
      }
      if (audience != null) {
        claims.put("aud", audience);
      }
      return claims.encode();
    }

    private static String rs256(String header, KeyPair keys, String claims) {
      return HandMadeJwt.signed(header, claims, "SHA256withRSA", keys.getPrivate());
    }

    private static DynamicTest accepted(int row, String what, String token) {
      return dynamicTest(row + ": " + what + " is accepted (control)", () -> assertThat(server.call("GET",
          "/api/connections", token, null).status()).isEqualTo(200));
    }

    private static DynamicTest unauthorized(int row, String what, String token) {
      return dynamicTest(row + ": " + what + " is 401", () -> assertUnauthorized(unchanged(() -> server.call("POST",
          "/api/connections", token, VALID_BODIES.get("createConnection")))));
    }

    @TestFactory
    Stream<DynamicTest> row11_keyConfusionAndKeyIdPayloads() {
      String rs = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
      String good = claims(ISSUER, AUDIENCE);
      return Stream.of(
          accepted(11, "RS256 signed with the configured key", rs256(rs, ours, good)),
          unauthorized(11, "HS256 keyed with the public key's PEM text", HandMadeJwt.hs256(
              "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", good, publicKeyPem.getBytes(StandardCharsets.US_ASCII))),
          unauthorized(11, "HS256 keyed with the public key's DER bytes", HandMadeJwt.hs256(
              "{\"alg\":\"HS256\",\"typ\":\"JWT\"}", good, ours.getPublic().getEncoded())),
          unauthorized(11, "RS384 signed with the configured key (alg not accepted)", HandMadeJwt.signed(
              "{\"alg\":\"RS384\",\"typ\":\"JWT\"}", good, "SHA384withRSA", ours.getPrivate())),
          unauthorized(11, "ES256 in the header over an RSA signature", HandMadeJwt.signed(
              "{\"alg\":\"ES256\",\"typ\":\"JWT\"}", good, "SHA256withRSA", ours.getPrivate())),
          unauthorized(11, "RS256 signed with another key", rs256(rs, theirs, good)),
          unauthorized(11, "another key with an unknown kid", rs256(
              "{\"alg\":\"RS256\",\"kid\":\"no-such-key\"}", theirs, good)),
          unauthorized(11, "another key with an SQL kid", rs256(
              "{\"alg\":\"RS256\",\"kid\":\"' OR '1'='1\"}", theirs, good)),
          unauthorized(11, "another key with a path kid", rs256(
              "{\"alg\":\"RS256\",\"kid\":\"../../../../dev/null\"}", theirs, good)));
    }

    @TestFactory
    Stream<DynamicTest> row13_issuerAndAudience() {
      String rs = "{\"alg\":\"RS256\",\"typ\":\"JWT\"}";
      return Stream.of(
          accepted(13, "an audience array that holds ours", rs256(rs, ours, claims(ISSUER,
              new JsonArray().add("other").add(AUDIENCE)))),
          unauthorized(13, "no aud", rs256(rs, ours, claims(ISSUER, null))),
          unauthorized(13, "another aud", rs256(rs, ours, claims(ISSUER, "other"))),
          unauthorized(13, "an aud array without ours", rs256(rs, ours, claims(ISSUER,
              new JsonArray().add("other").add("conduit2")))),
          unauthorized(13, "an empty aud array", rs256(rs, ours, claims(ISSUER, new JsonArray()))),
          unauthorized(13, "no iss", rs256(rs, ours, claims(null, AUDIENCE))),
          unauthorized(13, "iss with a trailing slash", rs256(rs, ours, claims(ISSUER + "/", AUDIENCE))),
          unauthorized(13, "iss in another case", rs256(rs, ours, claims("https://ID.example", AUDIENCE))),
          unauthorized(13, "iss as an array", rs256(rs, ours, new JsonObject(claims(null, AUDIENCE))
              .put("iss", new JsonArray().add(ISSUER)).encode())));
    }

    @TestFactory
    Stream<DynamicTest> row14_keysEmbeddedInTheHeaderAreIgnored() {
      String good = claims(ISSUER, AUDIENCE);
      JsonObject theirJwk = jwk(theirs);
      String cert = java.util.Base64.getEncoder().encodeToString(theirs.getPublic().getEncoded());
      return Stream.of(
          unauthorized(14, "another key's token carrying that key as jwk", rs256(new JsonObject().put("alg", "RS256")
              .put("jwk", theirJwk).encode(), theirs, good)),
          unauthorized(14, "another key's token pointing jku at a JWKS", rs256(new JsonObject().put("alg", "RS256")
              .put("jku", "http://127.0.0.1:9/jwks.json").encode(), theirs, good)),
          unauthorized(14, "another key's token carrying x5c", rs256(new JsonObject().put("alg", "RS256")
              .put("x5c", new JsonArray().add(cert)).encode(), theirs, good)),
          unauthorized(14, "another key's token pointing x5u at a certificate", rs256(new JsonObject()
              .put("alg", "RS256").put("x5u", "http://127.0.0.1:9/cert.pem").encode(), theirs, good)),
          accepted(14, "our key's token carrying another key as jwk", rs256(new JsonObject().put("alg", "RS256")
              .put("jwk", theirJwk).encode(), ours, good)));
    }

    private static JsonObject jwk(KeyPair keys) {
      RSAPublicKey key = (RSAPublicKey) keys.getPublic();
      return new JsonObject().put("kty", "RSA").put("alg", "RS256")
          .put("n", HandMadeJwt.URL.encodeToString(unsigned(key.getModulus().toByteArray())))
          .put("e", HandMadeJwt.URL.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
    }

    private static byte[] unsigned(byte[] bytes) {
      return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
  }

  // ------------------------------------------------------------------- row 39: webhook URLs, production rules

  /** Webhook URLs that reach inside, refused at registration by a server with the production defaults. */
  @Nested
  class Row39WithProductionWebhookRules {

    private static TestConduit server;
    private static String alicesWebhook;

    @BeforeAll
    static void start() {
      server = TestConduit.start(QUIET_SWEEP);
      alicesWebhook = server.createWebhook(ALICE, "https://93.184.215.14/alice", "connection.revoked")
          .getString("id");
    }

    @AfterAll
    static void stop() {
      server.close();
    }

    @TestFactory
    Stream<DynamicTest> row39_urlsThatReachInsideAreRefusedAtRegistration() {
      return Stream.of("http://93.184.215.14/hook", "https://169.254.169.254/", "https://2852039166/",
              "https://127.1/", "https://[::1]/", "https://[::ffff:169.254.169.254]/", "https://[fd00::1]/",
              "https://100.64.0.1/", "https://[64:ff9b::a9fe:a9fe]/", "https://[2002:a9fe:a9fe::1]/",
              "https://user@internal/", "https://metadata.google.internal/", "https://93.184.215.14:8443/",
              "https://127.0.0.1/", "https://localhost/", "https://0x7f.0.0.1/", "https://0177.0.0.1/",
              "https://[::ffff:127.0.0.1]/", "https://[fe80::1]/", "https://0.0.0.0/", "https://10.0.0.1/",
              "https://user:pass@93.184.215.14/", "https://93.184.215.14\\@127.0.0.1/", "file:///etc/passwd",
              "gopher://127.0.0.1:6379/_INFO", "https://[::]/")
          .flatMap(url -> Stream.of(
              dynamicTest("39: create with " + url, () -> assertError(unchanged(() -> server.call("POST",
                      "/api/webhooks", ALICE, webhookBody(url, true))), 422, "webhook_url_refused",
                  "/data/attributes/url")),
              dynamicTest("39: change to " + url, () -> assertError(unchanged(() -> server.call("PATCH",
                      "/api/webhooks/" + alicesWebhook, ALICE, webhookBody(url, false))), 422, "webhook_url_refused",
                  "/data/attributes/url"))));
    }

    private static String webhookBody(String url, boolean withEvents) {
      JsonObject attributes = new JsonObject().put("url", url);
      if (withEvents) {
        attributes.put("events", new JsonArray().add("connection.revoked"));
      }
      return new JsonObject().put("data", new JsonObject().put("type", "webhooks").put("attributes", attributes))
          .encode();
    }
  }

  // ----------------------------------------------------------------- row 29: a token endpoint that misbehaves

  /**
   * Token endpoint answers that are redirected, too big or too late: the refresh gives up (the vend of an expired
   * token is 503 provider_unavailable), follows nothing, and the sealed tokens stay as they were.
   */
  @Nested
  class Row29WithAMisbehavingTokenEndpoint {

    private static final String OWNER = TestConduit.token("row29-owner");
    private static FakeProvider provider;
    private static TestConduit server;

    @BeforeAll
    static void start() throws IOException {
      provider = new FakeProvider();
      Path connectors = Files.createTempDirectory("fault-catalogue-connectors");
      server = TestConduit.start(ProviderEnvironment.of(provider, connectors, "PT1H"));
    }

    @AfterAll
    static void stop() {
      server.close();
      provider.close();
    }

    @TestFactory
    Stream<DynamicTest> row29_aRedirectedOversizedOrLateTokenAnswerIsNotUsed() {
      String huge = FakeProvider.Answer.tokens("from-a-huge-answer", "rt-huge", 3600).body()
          .replace("}", ",\"padding\":\"" + "p".repeat(70_000) + "\"}");
      return Stream.of(
          // to the token endpoint itself (on loopback): a redirect followed would show as a second token call
          refusedAnswer("a 302 to a loopback address", new FakeProvider.Answer(302, null, "", Map.of("Location",
              provider.url("/token")), 0)),
          refusedAnswer("a 307 to a loopback address", new FakeProvider.Answer(307, null, "", Map.of("Location",
              provider.url("/token")), 0)),
          refusedAnswer("a 70 kB answer (over the 64 KiB cap)", FakeProvider.Answer.json(200, huge)),
          refusedAnswer("an answer later than refresh.timeout", FakeProvider.Answer.tokens("too-late", "rt-late", 3600)
              .delayed(ProviderEnvironment.NO_ANSWER_IN_TIME_MILLIS)));
    }

    private static DynamicTest refusedAnswer(String what, FakeProvider.Answer answer) {
      return dynamicTest("29: " + what + " is not followed or used, and the stored tokens stay", () -> {
        provider.reset();
        provider.always(answer);
        String id = server.createConnection(OWNER, "acme");
        assertThat(server.deposit(OWNER, id, "{\"kind\":\"oauth2\",\"accessToken\":\"expired\","
            + "\"refreshToken\":\"rt-0\",\"expiresAt\":\"2020-01-01T00:00:00Z\"}").status()).isEqualTo(200);
        String sealed = "SELECT md5(access_token) || md5(refresh_token) || secret_version FROM credentials"
            + " WHERE connection_id = '" + id + "'";
        try {
          String before = Sql.rows(sealed).get(0);

          TestConduit.Response vend = server.vend(OWNER, id);

          assertError(vend, 503, "provider_unavailable", null);
          assertThat(vend.body()).doesNotContain("from-a-huge-answer", "too-late");
          assertThat(provider.tokenCalls()).hasSize(1);
          assertThat(Sql.rows(sealed).get(0)).isEqualTo(before);
          assertThat(Sql.count("SELECT count(*) FROM connections WHERE id = '" + id + "' AND status = 'active'"))
              .isEqualTo(1);
        } finally {
          // an expired token left behind would be claimed by the other servers' sweeps while later cases compare
          // the tables
          assertThat(server.call("DELETE", "/api/connections/" + id, OWNER, null).status()).isEqualTo(204);
        }
      });
    }
  }

  // ---------------------------------------------------------------------------- row 34: the database goes away

  /**
   * Writes made while the database is frozen mid-conversation or refuses connections: 503 with Retry-After, and
   * nothing of the write appears later, once the database is back (a write stalled in a socket buffer and
   * delivered after the 503 would be a change the caller was told did not happen).
   */
  @Nested
  class Row34WithADatabaseThatGoesAway {

    private static DatabaseProxy proxy;
    private static TestConduit server;
    private static String connection;
    private static final String OWNER = TestConduit.token("outage-owner");

    @BeforeAll
    static void start() {
      var shared = TestDatabase.url().connectOptions();
      proxy = new DatabaseProxy(shared.getHost(), shared.getPort());
      server = TestConduit.start(Map.of(
          "CONDUIT_DATABASE_URL", "postgresql://" + shared.getUser() + "@127.0.0.1:" + proxy.port + "/"
              + shared.getDatabase(),
          "CONDUIT_DATABASE_QUERY_TIMEOUT", "PT3S", "CONDUIT_REFRESH_INTERVAL", "PT1H"));
      connection = server.createConnection(OWNER, "stripe");
      assertThat(server.deposit(OWNER, connection,
          "{\"kind\":\"api_key\",\"apiKey\":\"sk_outage\",\"apiSecret\":\"s\"}").status()).isEqualTo(200);
    }

    @AfterAll
    static void stop() {
      server.close();
      proxy.close();
    }

    @TestFactory
    Stream<DynamicTest> row34_aWriteDuringAnOutageIs503AndNeverLandsLater() {
      Map<String, Supplier<TestConduit.Response>> writes = new LinkedHashMap<>();
      writes.put("create a connection", () -> server.call("POST", "/api/connections", OWNER,
          "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"stripe\"}}}"));
      writes.put("deposit a credential", () -> server.deposit(OWNER, connection,
          "{\"kind\":\"api_key\",\"apiKey\":\"sk_replaced\",\"apiSecret\":\"s\"}"));
      writes.put("revoke", () -> server.call("POST", "/api/connections/" + connection + "/revoke", OWNER, null));
      writes.put("delete", () -> server.call("DELETE", "/api/connections/" + connection, OWNER, null));
      writes.put("create a webhook", () -> server.call("POST", "/api/webhooks", OWNER,
          "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"https://93.184.215.14/h\","
              + "\"events\":[\"connection.revoked\"]}}}"));
      List<DynamicTest> cases = new ArrayList<>();
      writes.forEach((what, write) -> {
        cases.add(dynamicTest("34: " + what + " with the database frozen", () -> during(proxy::freeze, write)));
        cases.add(dynamicTest("34: " + what + " with the database refusing connections",
            () -> during(proxy::refuse, write)));
      });
      return cases.stream();
    }

    private static void during(Runnable fault, Supplier<TestConduit.Response> write) {
      Map<String, String> before = DatabaseDigest.snapshot();
      fault.run();
      TestConduit.Response response;
      try {
        response = write.get();
      } finally {
        proxy.heal();
      }
      assertError(response, 503, "service_unavailable", null);
      assertThat(response.header("Retry-After")).matches("[1-9][0-9]*");
      // back in service, and a request through it answered: a stalled write, had one been kept, has landed now
      Wait.patiently().until(() -> server.get("/health/ready").status() == 200);
      Wait.patiently().until(() -> server.call("GET", "/api/connections/" + connection, OWNER, null).status() == 200);
      assertThat(DatabaseDigest.snapshot()).isEqualTo(before);
    }
  }

  // ---------------------------------------------------------------------------------------------- the helpers

  /** A value for a path parameter: alice's resource where the suite knows one, else a random UUID. */
  private static String known(ApiOperation operation, String parameter) {
    String alices = seed.resource(operation, parameter);
    return alices != null ? alices : UUID.randomUUID().toString();
  }

  /** The operation on {@code path} as {@code token}'s owner, with its valid body when it takes one. */
  private static TestConduit.Response call(ApiOperation operation, String path, String token) {
    return conduit.send(request(operation, path, token));
  }

  private static HttpRequest.Builder request(ApiOperation operation, String path, String token) {
    String body = VALID_BODIES.get(operation.id());
    HttpRequest.Builder request = HttpRequest.newBuilder(conduit.uri(path)).method(operation.method(),
        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (body != null) {
      request.header("Content-Type", JSON_API);
    }
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    return request;
  }

  /** Runs {@code request} and checks that no table outside {@link DatabaseDigest#NOT_COMPARED} changed. */
  static TestConduit.Response unchanged(Supplier<TestConduit.Response> request) {
    Map<String, String> before = DatabaseDigest.snapshot();
    TestConduit.Response response = request.get();
    assertThat(DatabaseDigest.snapshot()).as("the database after %s", response.body()).isEqualTo(before);
    return response;
  }

  /**
   * A request refused before its head was read: the connection closes after the answer, and the answer says so,
   * or a keep-alive client (this test's own) would pool the connection and lose its next request to the close.
   */
  private static void assertRefusedAtHead(TestConduit.Response response, int status) {
    assertThat(response.status()).isEqualTo(status);
    assertThat(response.header("Connection")).isEqualToIgnoringCase("close");
  }

  static void assertError(TestConduit.Response response, int status, String code, String pointer) {
    assertThat(response.status()).as(response.body()).isEqualTo(status);
    assertThat(response.header("Content-Type")).isEqualTo(JSON_API);
    assertThat(response.body()).doesNotContain("Exception", "\tat ", "jackson", "vertx");
    assertThat(response.error().getString("code")).as(response.body()).isEqualTo(code);
    assertThat(response.error().getString("status")).isEqualTo(Integer.toString(status));
    if (pointer != null) {
      assertThat(response.json().getJsonArray("errors").stream()
          .map(e -> ((JsonObject) e).getJsonObject("source", new JsonObject()).getString("pointer")))
          .as(response.body()).anyMatch(p -> p != null && p.startsWith(pointer));
    }
  }

  static void assertUnauthorized(TestConduit.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\"");
    assertThat(response.error().getString("code")).isEqualTo("unauthorized");
  }
}
