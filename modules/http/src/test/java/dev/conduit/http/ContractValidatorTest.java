package dev.conduit.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Our event-loop validator against vertx-openapi's own, on the same document and the very same HTTP requests: a
 * table of valid and invalid request bodies and query and path parameters for each operation that takes input.
 * Both must accept or refuse alike (and as the table expects), and when both name the fields at fault, the same
 * fields. The table is built on the request schemas; the response schemas play no part. One deliberate difference:
 * ours leaves path parameters (ids) to the endpoints, which answer an id of the wrong shape like an unknown one
 * ({@code 404}), so for those only ours must accept.
 */
@ExtendWith(VertxExtension.class)
class ContractValidatorTest {

  private static final String JSON_API = "application/vnd.api+json";
  private static final String ID = "5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11";

  /** One request: what it is, where it goes, and whether the contract allows it. */
  record Case(String name, HttpMethod method, String uri, String contentType, String body, boolean valid,
      boolean pathId) {

    Case(String name, HttpMethod method, String uri, String contentType, String body, boolean valid) {
      this(name, method, uri, contentType, body, valid, false);
    }

    @Override
    public String toString() {
      return (pathId ? "leaves to the endpoint " : valid ? "accepts " : "refuses ") + name;
    }
  }

  private static TwoValidators validators;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    validators = result(TwoValidators.start(vertx));
    client = WebClient.create(vertx);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void bothValidatorsGiveTheSameVerdictOnTheSameRequest(Case request) throws Exception {
    HttpRequest<Buffer> http = client.request(request.method(), validators.port(), "127.0.0.1", request.uri());
    if (request.contentType() != null) {
      http.putHeader("Content-Type", request.contentType());
    }
    JsonObject answer = result(request.body() == null ? http.send() : http.sendBuffer(Buffer.buffer(request.body())))
        .bodyAsJsonObject();
    TwoValidators.Verdict ours = TwoValidators.Verdict.from(answer.getJsonObject("ours"));
    TwoValidators.Verdict reference = TwoValidators.Verdict.from(answer.getJsonObject("reference"));

    if (request.pathId()) {
      assertThat(ours.accepted()).as("ours leaves path ids to the endpoint: %s", ours).isTrue();
      assertThat(reference.accepted()).as("vertx-openapi: %s", reference).isFalse();
      return;
    }
    assertThat(ours.accepted()).as("ours: %s / vertx-openapi: %s", ours, reference).isEqualTo(reference.accepted());
    assertThat(ours.accepted()).as("the contract %s this request: %s", request.valid() ? "allows" : "forbids", ours)
        .isEqualTo(request.valid());
    if (!ours.fields().isEmpty() && !reference.fields().isEmpty()) {
      assertThat(ours.fields()).as("the fields named (vertx-openapi: %s)", reference)
          .containsExactlyInAnyOrderElementsOf(reference.fields());
    }
  }

  static Stream<Case> cases() {
    List<Case> cases = new ArrayList<>();
    catalog(cases);
    connections(cases);
    deposits(cases);
    webhooks(cases);
    return cases.stream();
  }

  // --- the table ------------------------------------------------------------------------------------------------

  private static void catalog(List<Case> cases) {
    cases.add(get("the catalog without filters", "/api/connectors", true));
    cases.add(get("an auth type from the enum", "/api/connectors" + query("filter[authType]", "api_key"), true));
    cases.add(get("an auth type outside the enum", "/api/connectors" + query("filter[authType]", "saml"), false));
    cases.add(get("a search of one character", "/api/connectors" + query("filter[q]", "g"), true));
    cases.add(get("an empty search", "/api/connectors" + query("filter[q]", ""), false));
    cases.add(get("a search of 101 characters", "/api/connectors" + query("filter[q]", "g".repeat(101)), false));
    cases.add(get("a connector id of 100 characters", "/api/connectors/" + "c".repeat(100), true));
    cases.add(pathId(get("a connector id of 101 characters", "/api/connectors/" + "c".repeat(101), false)));
  }

  private static void connections(List<Case> cases) {
    String list = "/api/connections";
    cases.add(get("a page of connections with every parameter", list + query("filter[status]", "needs_reauth")
        + "&" + pair("filter[connector]", "github") + "&" + pair("page[size]", "200") + "&"
        + pair("page[cursor]", "opaque"), true));
    cases.add(get("a status outside the enum", list + query("filter[status]", "deleted"), false));
    cases.add(get("a connector filter of 101 characters", list + query("filter[connector]", "x".repeat(101)), false));
    cases.add(get("a page size of 0", list + query("page[size]", "0"), false));
    cases.add(get("a page size of 201", list + query("page[size]", "201"), false));
    cases.add(get("a page size that is not a number", list + query("page[size]", "ten"), false));
    cases.add(get("a page size that is not an integer", list + query("page[size]", "1.5"), false));
    cases.add(get("an empty cursor", list + query("page[cursor]", ""), false));
    cases.add(get("a cursor of 201 characters", list + query("page[cursor]", "c".repeat(201)), false));
    cases.add(pathId(get("a connection id of 101 characters", list + "/" + "i".repeat(101), false)));
    cases.add(get("a connection by its id", list + "/" + ID, true));
    cases.add(new Case("a deletion by id", HttpMethod.DELETE, list + "/" + ID, null, null, true));
    cases.add(pathId(new Case("a deletion by an id of 101 characters", HttpMethod.DELETE,
        list + "/" + "i".repeat(101), null, null, false)));
    cases.add(new Case("a revocation by id", HttpMethod.POST, list + "/" + ID + "/revoke", null, null, true));
    cases.add(pathId(new Case("a revocation by an id of 101 characters", HttpMethod.POST,
        list + "/" + "i".repeat(101) + "/revoke", null, null, false)));
    cases.add(get("a page size given twice", list + query("page[size]", "10") + "&" + pair("page[size]", "20"), true));
    cases.add(get("a page size given twice, the second not a number", list + query("page[size]", "10") + "&"
        + pair("page[size]", "ten"), true));
    cases.add(get("a page size given twice, the first not a number", list + query("page[size]", "ten") + "&"
        + pair("page[size]", "10"), false));
    // undeclared query parameters are the QueryParameterGuard's to refuse, not the contract validator's
    cases.add(get("an undeclared query parameter, left to the guard", list + query("filter[stauts]", "x"), true));
    cases.add(new Case("a forced refresh", HttpMethod.POST, list + "/" + ID + "/vend" + query("forceRefresh", "true"),
        null, null, true));
    cases.add(new Case("a forced refresh that is not a boolean", HttpMethod.POST,
        list + "/" + ID + "/vend" + query("forceRefresh", "yes"), null, null, false));

    JsonObject minimal = attributes("connector", "github");
    cases.add(create("a connection with only its connector", connection(minimal), true));
    cases.add(new Case("the same as application/json", HttpMethod.POST, list, "application/json",
        connection(minimal).encode(), true));
    cases.add(create("a connection with a label and nested metadata", connection(attributes("connector", "github")
        .put("label", "Work").put("metadata", new JsonObject().put("region", "eu").put("nested",
            new JsonObject().put("list", new JsonArray().add(1).add(new JsonObject().putNull("empty")))))), true));
    cases.add(create("a null label", connection(minimal.copy().putNull("label")), true));
    cases.add(new Case("no body", HttpMethod.POST, list, JSON_API, null, false));
    cases.add(create("an empty document", new JsonObject(), false));
    cases.add(create("data without attributes", new JsonObject().put("data",
        new JsonObject().put("type", "connections")), false));
    cases.add(create("data without a type", new JsonObject().put("data",
        new JsonObject().put("attributes", minimal)), false));
    cases.add(create("attributes without a connector", connection(new JsonObject()), false));
    cases.add(create("an empty connector", connection(attributes("connector", "")), false));
    cases.add(create("a connector of 101 characters", connection(attributes("connector", "g".repeat(101))), false));
    cases.add(create("a connector that is a number", connection(new JsonObject().put("connector", 42)), false));
    cases.add(create("a label of 201 characters", connection(minimal.copy().put("label", "l".repeat(201))), false));
    cases.add(create("a label that is a boolean", connection(minimal.copy().put("label", true)), false));
    cases.add(create("metadata that is a string", connection(minimal.copy().put("metadata", "region=eu")), false));
    cases.add(create("an unknown attribute", connection(minimal.copy().put("colour", "red")), false));
    cases.add(create("two faults at once", connection(new JsonObject().put("connector", "")
        .put("label", 7)), false));
    cases.add(create("an unknown member of data", connection(minimal).copy()
        .put("data", connection(minimal).getJsonObject("data").copy().put("id", ID)), false));
    cases.add(create("an unknown top-level member", connection(minimal).put("meta", new JsonObject()), false));
    cases.add(create("data that is an array", new JsonObject().put("data", new JsonArray()), false));
    cases.add(new Case("the same as application/json with a charset", HttpMethod.POST, list,
        "application/json; charset=utf-8", connection(minimal).encode(), true));
    cases.add(new Case("a body in a media type the operation does not take", HttpMethod.POST, list, "text/plain",
        connection(minimal).encode(), false));
    cases.add(new Case("a body that is an array", HttpMethod.POST, list, JSON_API, "[]", false));
    cases.add(new Case("a body that is a string", HttpMethod.POST, list, JSON_API, "\"github\"", false));
  }

  private static void deposits(List<Case> cases) {
    JsonObject oauth = attributes("kind", "oauth2").put("accessToken", "at-1").put("refreshToken", "rt-1")
        .put("expiresIn", 3600).put("scopes", new JsonArray().add("repo").add("read:user")).put("tokenType", "Bearer");
    cases.add(deposit("an OAuth credential", oauth, true));
    cases.add(deposit("an OAuth credential with an expiry time",
        attributes("kind", "oauth2").put("accessToken", "at-1").put("expiresAt", "2030-01-01T00:00:00Z"), true));
    cases.add(deposit("an API key", attributes("kind", "api_key").put("apiKey", "k-1").put("apiSecret", "s-1"), true));
    cases.add(deposit("a user name and password",
        attributes("kind", "basic").put("username", "u").put("password", "p"), true));
    cases.add(deposit("a credential without a kind", new JsonObject().put("accessToken", "at-1"), false));
    cases.add(deposit("a kind outside the enum", attributes("kind", "password").put("accessToken", "at-1"), false));
    cases.add(deposit("an empty access token", oauth.copy().put("accessToken", ""), false));
    cases.add(deposit("an access token of 16385 characters", oauth.copy().put("accessToken", "a".repeat(16_385)),
        false));
    cases.add(deposit("a lifetime of 0 seconds", oauth.copy().put("expiresIn", 0), false));
    cases.add(deposit("a lifetime over ten years", oauth.copy().put("expiresIn", 315_360_001), false));
    cases.add(deposit("a lifetime that is a string", oauth.copy().put("expiresIn", "3600"), false));
    cases.add(deposit("a lifetime that is not an integer", oauth.copy().put("expiresIn", 36.5), false));
    cases.add(deposit("an expiry time that is not a date-time",
        attributes("kind", "oauth2").put("accessToken", "at-1").put("expiresAt", "tomorrow"), false));
    cases.add(deposit("an expiry time of 65 characters",
        attributes("kind", "oauth2").put("accessToken", "at-1").put("expiresAt", "2".repeat(65)), false));
    JsonArray manyScopes = new JsonArray();
    for (int i = 0; i < 201; i++) {
      manyScopes.add("scope-" + i);
    }
    cases.add(deposit("201 scopes", oauth.copy().put("scopes", manyScopes), false));
    cases.add(deposit("an empty scope", oauth.copy().put("scopes", new JsonArray().add("repo").add("")), false));
    cases.add(deposit("scopes as one string", oauth.copy().put("scopes", "repo read:user"), false));
    cases.add(deposit("a token type of 41 characters", oauth.copy().put("tokenType", "B".repeat(41)), false));
    cases.add(deposit("an unknown attribute", oauth.copy().put("clientSecret", "cs-1"), false));
    cases.add(deposit("attributes that are an array", null, false));
  }

  private static void webhooks(List<Case> cases) {
    String list = "/api/webhooks";
    JsonObject valid = attributes("url", "https://hooks.example.com/conduit")
        .put("events", new JsonArray().add("connection.needs_reauth"));
    cases.add(webhook("a webhook for one event", valid, true));
    cases.add(webhook("a webhook for every event", valid.copy().put("events", new JsonArray()
        .add("connection.needs_reauth").add("connection.reauthorized").add("connection.revoked")
        .add("webhook.test")), true));
    cases.add(webhook("no events", valid.copy().put("events", new JsonArray()), false));
    cases.add(webhook("an event twice", valid.copy().put("events", new JsonArray()
        .add("connection.revoked").add("connection.revoked")), false));
    cases.add(webhook("an event outside the enum", valid.copy().put("events",
        new JsonArray().add("connection.created")), false));
    cases.add(webhook("five events", valid.copy().put("events", new JsonArray().add("connection.needs_reauth")
        .add("connection.reauthorized").add("connection.revoked").add("webhook.test").add("webhook.test")), false));
    cases.add(webhook("events as one string", valid.copy().put("events", "connection.revoked"), false));
    cases.add(webhook("no URL", new JsonObject().put("events", valid.getJsonArray("events")), false));
    cases.add(webhook("an empty URL", valid.copy().put("url", ""), false));
    cases.add(webhook("a URL of 2049 characters",
        valid.copy().put("url", "https://hooks.example.com/" + "p".repeat(2049 - 26)), false));
    cases.add(webhook("a URL that is a number", valid.copy().put("url", 443), false));
    cases.add(webhook("an unknown attribute", valid.copy().put("secret", "whsec_mine"), false));
    cases.add(pathId(get("a webhook id of 101 characters", list + "/" + "w".repeat(101), false)));
    cases.add(new Case("a webhook's deletion", HttpMethod.DELETE, list + "/" + ID, null, null, true));
    cases.add(new Case("a test event", HttpMethod.POST, list + "/" + ID + "/test", null, null, true));
    cases.add(pathId(new Case("a test event for an id of 101 characters", HttpMethod.POST,
        list + "/" + "w".repeat(101) + "/test", null, null, false)));
    cases.add(get("a page of deliveries", list + "/" + ID + "/deliveries" + query("page[size]", "1") + "&"
        + pair("page[cursor]", "opaque"), true));
    cases.add(get("a page of 201 deliveries", list + "/" + ID + "/deliveries" + query("page[size]", "201"), false));
    cases.add(new Case("a redelivery", HttpMethod.POST, list + "/" + ID + "/deliveries/" + ID + "/redeliver",
        null, null, true));
    cases.add(pathId(new Case("a delivery id of 101 characters", HttpMethod.POST,
        list + "/" + ID + "/deliveries/" + "d".repeat(101) + "/redeliver", null, null, false)));
  }

  // --- building requests ----------------------------------------------------------------------------------------

  /** A path id the contract forbids, which our validator leaves to the endpoint (a 404 like an unknown id). */
  private static Case pathId(Case request) {
    return new Case(request.name(), request.method(), request.uri(), request.contentType(), request.body(), false,
        true);
  }

  private static Case get(String name, String uri, boolean valid) {
    return new Case(name, HttpMethod.GET, uri, null, null, valid);
  }

  private static Case create(String name, JsonObject document, boolean valid) {
    return new Case("createConnection: " + name, HttpMethod.POST, "/api/connections", JSON_API, document.encode(),
        valid);
  }

  /** A deposit with these attributes; null attributes: {@code attributes} is an array. */
  private static Case deposit(String name, JsonObject attributes, boolean valid) {
    JsonObject data = new JsonObject().put("type", "credentials");
    data.put("attributes", attributes == null ? new JsonArray() : attributes);
    return new Case("depositCredential: " + name, HttpMethod.PUT, "/api/connections/" + ID + "/credential", JSON_API,
        new JsonObject().put("data", data).encode(), valid);
  }

  private static Case webhook(String name, JsonObject attributes, boolean valid) {
    return new Case("createWebhook: " + name, HttpMethod.POST, "/api/webhooks", JSON_API,
        new JsonObject().put("data", new JsonObject().put("type", "webhooks").put("attributes", attributes)).encode(),
        valid);
  }

  private static JsonObject connection(JsonObject attributes) {
    return new JsonObject().put("data", new JsonObject().put("type", "connections").put("attributes", attributes));
  }

  private static JsonObject attributes(String name, Object value) {
    return new JsonObject().put(name, value);
  }

  private static String query(String name, String value) {
    return "?" + pair(name, value);
  }

  private static String pair(String name, String value) {
    return URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** The future's result, waited for on the test thread (never an event loop), or its failure thrown. */
  private static <T> T result(Future<T> future) throws Exception {
    return future.await(30, TimeUnit.SECONDS);
  }
}
