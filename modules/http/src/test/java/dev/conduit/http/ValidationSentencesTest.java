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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a person reads when a request breaks the contract: one sentence per fault, built from the validator's
 * structured output, for each schema keyword the API's requests use — never the validator's own English
 * ("A subschema had errors", "Array has too few items ( + 0 < 1)").
 */
@ExtendWith(VertxExtension.class)
class ValidationSentencesTest {

  private static final String ID = "5b8f0b6e-3c47-4c1e-9a39-2f8c0e1d7a11";
  /** Fragments of vertx-json-schema's and vertx-openapi's English messages. */
  private static final List<String> RAW_ENGLISH = List.of("subschema", "( +", "Array has", "Instance ",
      "does not match", "String is too", "is less than", "is greater than", "Expected ", "Property \"",
      "Duplicate items", "can't be decoded", "String does not match");

  private static TwoValidators validators;
  private static WebClient client;

  @BeforeAll
  static void start(Vertx vertx) throws Exception {
    validators = TwoValidators.start(vertx).await(30, TimeUnit.SECONDS);
    client = WebClient.create(vertx);
  }

  static Stream<Arguments> faults() {
    JsonObject webhook = new JsonObject().put("url", "https://hooks.example.com/c")
        .put("events", new JsonArray().add("connection.revoked"));
    JsonObject oauth = new JsonObject().put("kind", "oauth2").put("accessToken", "at-1");
    return Stream.of(
        // required
        body("createConnection", connection(new JsonObject()), "/data/attributes/connector", "connector is required."),
        body("createConnection", new JsonObject(), "/data", "data is required."),
        body("depositCredential", deposit(new JsonObject().put("accessToken", "a")), "/data/attributes/kind",
            "kind is required."),
        body("depositCredential", deposit(new JsonObject().put("kind", "oauth2")), "/data/attributes/accessToken",
            "accessToken is required."),
        // additionalProperties
        body("createConnection", connection(new JsonObject().put("connector", "github").put("owner", "bob")),
            "/data/attributes/owner", "Unknown attribute 'owner'."),
        body("createConnection", connection(new JsonObject().put("connector", "github")).put("meta", 1),
            "/meta", "Unknown member 'meta' at the top level of the document."),
        // type
        body("createConnection", connection(new JsonObject().put("connector", 42)), "/data/attributes/connector",
            "connector must be a string."),
        body("createConnection", connection(new JsonObject().put("connector", "github").put("label", true)),
            "/data/attributes/label", "label must be a string or null."),
        body("createConnection", connection(new JsonObject().put("connector", "github").put("metadata", "x")),
            "/data/attributes/metadata", "metadata must be an object."),
        body("depositCredential", deposit(oauth.copy().put("scopes", "repo")), "/data/attributes/scopes",
            "scopes must be an array."),
        // maxLength / minLength
        body("createConnection", connection(new JsonObject().put("connector", "github").put("label", "l".repeat(201))),
            "/data/attributes/label", "label must be at most 200 characters."),
        body("depositCredential", deposit(oauth.copy().put("accessToken", "")), "/data/attributes/accessToken",
            "accessToken must not be empty."),
        // minimum / maximum
        body("depositCredential", deposit(oauth.copy().put("expiresIn", 0)), "/data/attributes/expiresIn",
            "expiresIn must be at least 1."),
        body("depositCredential", deposit(oauth.copy().put("expiresIn", 315_360_001)), "/data/attributes/expiresIn",
            "expiresIn must be at most 315360000."),
        // enum, across the branches of a oneOf
        body("depositCredential", deposit(oauth.copy().put("kind", "saml")), "/data/attributes/kind",
            "kind must be one of 'oauth2', 'api_key' or 'basic'."),
        // pattern
        body("depositCredential", deposit(oauth.copy().put("tokenType", "Bearer x")), "/data/attributes/tokenType",
            "tokenType must match the pattern ^[A-Za-z0-9!#$%&'*+.^_`|~-]+$."),
        // format
        body("depositCredential", deposit(oauth.copy().put("expiresAt", "tomorrow")), "/data/attributes/expiresAt",
            "expiresAt must be an RFC 3339 date-time with an offset, such as 2026-11-22T10:00:00Z."),
        // minItems / maxItems / uniqueItems
        body("createWebhook", webhook(webhook.copy().put("events", new JsonArray())), "/data/attributes/events",
            "events must list at least one event."),
        body("createWebhook", webhook(webhook.copy().put("events", new JsonArray().add("connection.revoked")
            .add("connection.revoked"))), "/data/attributes/events", "events must not list the same event twice."),
        body("createWebhook", webhook(webhook.copy().put("events", new JsonArray().add("connection.connected")
            .add("connection.needs_reauth").add("connection.reauthorized").add("connection.revoked")
            .add("connection.deleted").add("webhook.test").add("webhook.test"))),
            "/data/attributes/events", "events must list at most 6 events."),
        body("createWebhook", webhook(webhook.copy().put("events", new JsonArray().add("connection.created"))),
            "/data/attributes/events/0", "events[0] must be one of 'connection.connected', "
                + "'connection.needs_reauth', 'connection.reauthorized', 'connection.revoked', 'connection.deleted' or "
                + "'webhook.test'."),
        // query parameters
        query("/api/connections", "page[size]", "0", "page[size] must be at least 1."),
        query("/api/connections", "page[size]", "201", "page[size] must be at most 200."),
        query("/api/connectors", "filter[authType]", "saml",
            "filter[authType] must be one of 'oauth2', 'api_key' or 'basic'."),
        query("/api/connectors", "filter[q]", "", "filter[q] must not be empty."));
  }

  @ParameterizedTest(name = "{1}: {2}")
  @MethodSource("faults")
  void eachFaultReadsAsASentence(Request request, String field, String sentence) throws Exception {
    JsonArray errors = ourErrors(request);

    assertThat(errors.stream().map(JsonObject.class::cast).map(error -> {
      JsonObject source = error.getJsonObject("source");
      return (source.containsKey("pointer") ? source.getString("pointer") : source.getString("parameter"))
          + " " + error.getString("detail");
    })).as("errors: %s", errors.encode()).contains(field + " " + sentence);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("dev.conduit.http.ContractValidatorTest#cases")
  void noRefusalInTheValidatorTableQuotesTheValidatorsEnglish(ContractValidatorTest.Case request) throws Exception {
    if (request.valid() || request.pathId()) {
      return;
    }
    JsonArray errors = ourErrors(new Request(request.method(), request.uri(), request.contentType(),
        request.body()));

    assertThat(errors).as("refused").isNotEmpty();
    for (Object error : errors) {
      String detail = ((JsonObject) error).getString("detail");
      assertThat(detail).as(errors.encode()).endsWith(".").doesNotContain(RAW_ENGLISH);
    }
  }

  @ParameterizedTest(name = "{0}")
  @org.junit.jupiter.params.provider.ValueSource(strings = {"2030-11-23T10:59:00+23:59",
      "2030-11-22T11:00:00.123456789012Z", "2016-12-31T23:59:60Z", "2030-11-22t11:00:00z"})
  void aDateTimeThatRfc3339AllowsPassesThoughTheFormatCheckRefusesIt(String dateTime) throws Exception {
    JsonObject deposit = deposit(new JsonObject().put("kind", "oauth2").put("accessToken", "at-1")
        .put("expiresAt", dateTime));
    HttpRequest<Buffer> http = client.request(HttpMethod.PUT, validators.port(), "127.0.0.1",
        "/api/connections/" + ID + "/credential").putHeader("Content-Type", "application/vnd.api+json");

    JsonObject ours = http.sendBuffer(Buffer.buffer(deposit.encode())).await(30, TimeUnit.SECONDS)
        .bodyAsJsonObject().getJsonObject("ours");

    assertThat(ours.getBoolean("accepted")).as("%s", ours).isTrue();
  }

  record Request(HttpMethod method, String uri, String contentType, String body) {
  }

  private static JsonArray ourErrors(Request request) throws Exception {
    HttpRequest<Buffer> http = client.request(request.method(), validators.port(), "127.0.0.1", request.uri());
    if (request.contentType() != null) {
      http.putHeader("Content-Type", request.contentType());
    }
    Future<io.vertx.ext.web.client.HttpResponse<Buffer>> sent = request.body() == null ? http.send()
        : http.sendBuffer(Buffer.buffer(request.body()));
    JsonObject ours = sent.await(30, TimeUnit.SECONDS).bodyAsJsonObject().getJsonObject("ours");
    assertThat(ours.getBoolean("accepted")).as("refused: %s", ours).isFalse();
    return new JsonArray(ours.getString("detail"));
  }

  private static Arguments body(String operation, JsonObject document, String pointer, String sentence) {
    String uri = switch (operation) {
      case "createConnection" -> "/api/connections";
      case "depositCredential" -> "/api/connections/" + ID + "/credential";
      case "createWebhook" -> "/api/webhooks";
      default -> throw new IllegalArgumentException(operation);
    };
    HttpMethod method = operation.equals("depositCredential") ? HttpMethod.PUT : HttpMethod.POST;
    return Arguments.of(new Request(method, uri, "application/vnd.api+json", document.encode()), pointer, sentence);
  }

  private static Arguments query(String path, String name, String value, String sentence) {
    String uri = path + "?" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(value, StandardCharsets.UTF_8);
    return Arguments.of(new Request(HttpMethod.GET, uri, null, null), name, sentence);
  }

  private static JsonObject connection(JsonObject attributes) {
    return new JsonObject().put("data", new JsonObject().put("type", "connections").put("attributes", attributes));
  }

  private static JsonObject deposit(JsonObject attributes) {
    return new JsonObject().put("data", new JsonObject().put("type", "credentials").put("attributes", attributes));
  }

  private static JsonObject webhook(JsonObject attributes) {
    return new JsonObject().put("data", new JsonObject().put("type", "webhooks").put("attributes", attributes));
  }
}
