package dev.conduit.contract;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * What the OpenAPI document says each operation answers: for a response actually received, whether its status is
 * declared for that operation, its media type is declared for that status, and its body matches the declared
 * schema. Schemas are checked with vertx-json-schema (draft 2020-12, as OpenAPI 3.1 uses), so a field the document
 * does not declare fails wherever a schema says {@code additionalProperties: false}.
 */
final class DocumentedResponses {

  private static final String DOCUMENT_URI = "https://conduit.invalid/openapi.json";

  /** Where an operation sits in the document: its JSON pointer, e.g. {@code /paths/~1api~1connections/get}. */
  private final Map<String, String> operations = new LinkedHashMap<>();
  private final JsonObject document;
  private final SchemaRepository schemas;

  DocumentedResponses(JsonObject document) {
    this.document = document;
    this.schemas = SchemaRepository.create(new JsonSchemaOptions()
        .setDraft(Draft.DRAFT202012)
        .setBaseUri(DOCUMENT_URI)
        .setOutputFormat(OutputFormat.Basic));
    schemas.dereference(DOCUMENT_URI, JsonSchema.of(document.copy()));
    JsonObject paths = document.getJsonObject("paths");
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("operationId")) {
          operations.put(operation.getString("operationId"), "/paths/" + escape(path) + "/" + method);
        }
      }
    }
  }

  Set<String> operationIds() {
    return operations.keySet();
  }

  /** Every status the document declares, as {@code "operationId status"}. */
  Set<String> declaredAnswers() {
    Set<String> answers = new TreeSet<>();
    operations.forEach((operationId, pointer) -> ((JsonObject) at(pointer + "/responses")).fieldNames()
        .forEach(status -> answers.add(operationId + " " + status)));
    return answers;
  }

  /** As the other, for a response with this content type and an {@code X-Request-Id}, as every response has. */
  String mismatch(String operationId, int status, String contentType, String body) {
    return mismatch(operationId, status, name -> switch (name.toLowerCase(Locale.ROOT)) {
      case "content-type" -> contentType;
      case "x-request-id" -> "request-1";
      default -> null;
    }, body);
  }

  /**
   * Null when the document declares this response exactly so — status, required headers and their values, media
   * type, body — otherwise what does not match. {@code headers} gives a header's first value by name.
   */
  String mismatch(String operationId, int status, UnaryOperator<String> headers, String body) {
    String contentType = headers.apply("Content-Type");
    String operationPointer = operations.get(operationId);
    if (operationPointer == null) {
      return "the document has no operation " + operationId;
    }
    JsonObject responses = (JsonObject) at(operationPointer + "/responses");
    String statusKey = Integer.toString(status);
    if (!responses.containsKey(statusKey)) {
      return operationId + " answered " + status + ", which the document does not declare (it declares "
          + responses.fieldNames() + ")";
    }
    String responsePointer = operationPointer + "/responses/" + statusKey;
    JsonObject response = responses.getJsonObject(statusKey);
    if (response.containsKey("$ref")) {
      responsePointer = response.getString("$ref").substring(1);
      response = (JsonObject) at(responsePointer);
    }
    String headerProblem = headerMismatch(response.getJsonObject("headers"), headers);
    if (headerProblem != null) {
      return operationId + " " + status + ": " + headerProblem;
    }
    JsonObject content = response.getJsonObject("content");
    if (content == null || content.isEmpty()) {
      return body.isEmpty() ? null : operationId + " " + status + " declares no body but one came: " + body;
    }
    String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    if (content.containsKey("*/*")) {
      // someone else's answer passed through (the proxy's provider): any media type, any body
      return null;
    }
    if (!content.containsKey(mediaType)) {
      return operationId + " " + status + " came as '" + contentType + "', the document declares " + content.fieldNames();
    }
    Object instance;
    if (mediaType.equals("application/json") || mediaType.endsWith("+json")) {
      try {
        instance = Json.decodeValue(body);
      } catch (DecodeException e) {
        return operationId + " " + status + " body is not JSON: " + body;
      }
    } else {
      instance = body;
    }
    String schemaPointer = responsePointer + "/content/" + escape(mediaType) + "/schema";
    JsonObject schema = (JsonObject) at(schemaPointer);
    // a named schema is checked where it sits in the document, so its own references resolve
    Validator validator = schemas.validator(JsonSchema.of(schema.containsKey("$ref")
        ? new JsonObject().put("$ref", DOCUMENT_URI + schema.getString("$ref"))
        : schema));
    OutputUnit result = validator.validate(instance);
    if (Boolean.TRUE.equals(result.getValid())) {
      return null;
    }
    StringBuilder problems = new StringBuilder(operationId + " " + status + " body does not match "
        + schemaPointer + ":");
    (result.getErrors() == null ? List.of(result) : result.getErrors()).forEach(error -> problems
        .append("\n  ").append(error.getInstanceLocation()).append(": ").append(error.getError()));
    return problems.append("\n  body: ").append(body).toString();
  }

  /** Every header the document says is required is there, with a value its schema allows. */
  private String headerMismatch(JsonObject declared, UnaryOperator<String> headers) {
    if (declared == null) {
      return null;
    }
    for (String name : declared.fieldNames()) {
      JsonObject header = declared.getJsonObject(name);
      if (header.containsKey("$ref")) {
        header = (JsonObject) at(header.getString("$ref").substring(1));
      }
      String value = headers.apply(name);
      if (value == null) {
        if (header.getBoolean("required", false)) {
          return "the required header " + name + " is missing";
        }
        continue;
      }
      OutputUnit result = schemas.validator(JsonSchema.of(header.getJsonObject("schema"))).validate(value);
      if (!Boolean.TRUE.equals(result.getValid())) {
        return "header " + name + ": '" + value + "' does not match " + header.getJsonObject("schema").encode();
      }
    }
    return null;
  }

  private Object at(String pointer) {
    Object node = document;
    for (String token : pointer.substring(1).split("/")) {
      node = ((JsonObject) node).getValue(token.replace("~1", "/").replace("~0", "~"));
    }
    return node;
  }

  private static String escape(String token) {
    return token.replace("~", "~0").replace("/", "~1");
  }
}
