package dev.conduit.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.ValidatorException;
import io.vertx.openapi.validation.transformer.FormTransformer;
import io.vertx.openapi.validation.transformer.LabelTransformer;
import io.vertx.openapi.validation.transformer.MatrixTransformer;
import io.vertx.openapi.validation.transformer.ParameterTransformer;
import io.vertx.openapi.validation.transformer.SimpleTransformer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Validates each request's parameters and body against its operation in the OpenAPI contract, on the event
 * loop, with one schema validator per schema built up front. (vertx-openapi's own request validator builds a
 * new schema validator — copying every schema of the contract — for each parameter of each request, on a worker
 * thread; at thousands of requests a second that was most of a request's cost.) Failures are
 * {@link InvalidRequest}s whose errors {@link ValidationErrors} builds from the validator's structured output.
 * Path parameters are not checked here: they are ids, and an id of the wrong shape is answered by the endpoint
 * exactly like an unknown one ({@code 404}), as the API promises.
 */
final class ContractValidator {

  private static final Map<Style, ParameterTransformer> TRANSFORMERS = new EnumMap<>(Map.of(
      Style.SIMPLE, new SimpleTransformer(),
      Style.FORM, new FormTransformer(),
      Style.LABEL, new LabelTransformer(),
      Style.MATRIX, new MatrixTransformer()));

  private final OpenAPIContract contract;
  private final SchemaRepository schemas;
  private final JsonObject document;

  ContractValidator(OpenAPIContract contract) {
    this.contract = contract;
    this.schemas = contract.getSchemaRepository();
    this.document = contract.getRawContract();
  }

  /** The check of one operation's parameters and body. */
  RequestCheck forOperation(String operationId) {
    Operation operation = contract.operation(operationId);
    List<CheckedParameter> parameters = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      if (parameter.getIn() != Location.PATH) {
        parameters.add(new CheckedParameter(parameter, schemas.validator(parameter.getSchema()),
            TRANSFORMERS.get(parameter.getStyle()), document));
      }
    }
    RequestBody body = operation.getRequestBody();
    Map<String, CheckedBody> bodyValidators = new HashMap<>();
    if (body != null) {
      body.getContent().forEach((type, media) -> bodyValidators.put(type,
          new CheckedBody(media.getSchema(), schemas.validator(media.getSchema()), document)));
    }
    return ctx -> {
      for (CheckedParameter parameter : parameters) {
        parameter.check(ctx);
      }
      if (body != null) {
        checkBody(ctx, body, bodyValidators);
      }
    };
  }

  private record CheckedParameter(Parameter parameter, Validator validator, ParameterTransformer transformer,
      JsonObject document) {

    void check(RoutingContext ctx) {
      String raw = switch (parameter.getIn()) {
        case PATH -> ctx.pathParam(parameter.getName());
        case QUERY -> ctx.queryParams().get(parameter.getName());
        case HEADER -> ctx.request().getHeader(parameter.getName());
        case COOKIE -> ctx.request().getCookie(parameter.getName()) == null ? null
            : ctx.request().getCookie(parameter.getName()).getValue();
      };
      ValidationErrors.Source source = new ValidationErrors.Parameter(parameter.getName());
      if (raw == null) {
        if (parameter.isRequired()) {
          throw new InvalidRequest(400, ValidationErrors.single(
              parameter.getName() + " is required.", source));
        }
        return;
      }
      Object value;
      try {
        value = transformer.transform(parameter, raw);
      } catch (ValidatorException e) {
        // e.g. a control character where the schema wants a string
        throw new InvalidRequest(400, ValidationErrors.single(parameter.getName() + " cannot be read as "
            + ValidationSentences.types(parameter.getSchema().get("type")) + ".", source));
      }
      OutputUnit result = validator.validate(value);
      if (!Boolean.TRUE.equals(result.getValid())) {
        JsonArray errors = ValidationErrors.describe(result, value, parameter.getSchema(), document, source);
        if (!errors.isEmpty()) {
          throw new InvalidRequest(400, errors);
        }
      }
    }
  }

  /** A media type's schema, kept for the errors: they quote the rules (maxLength and the like) from it. */
  private record CheckedBody(JsonSchema schema, Validator validator, JsonObject document) {
  }

  private static void checkBody(RoutingContext ctx, RequestBody body, Map<String, CheckedBody> validators) {
    ValidationErrors.Source source = new ValidationErrors.Body();
    Buffer content = ctx.body().buffer();
    if (content == null || content.length() == 0) {
      if (body.isRequired()) {
        throw new InvalidRequest(400, ValidationErrors.single("A request body is required.", source));
      }
      return;
    }
    MediaType mediaType = body.determineContentType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    CheckedBody checked = mediaType == null ? null : validators.get(mediaType.getIdentifier());
    if (checked == null) {
      throw new InvalidRequest(400, ValidationErrors.single("The request body's media type is not accepted here.",
          source));
    }
    Object instance = Json.decodeValue(content);
    OutputUnit result = checked.validator().validate(instance);
    if (!Boolean.TRUE.equals(result.getValid())) {
      JsonArray errors = ValidationErrors.describe(result, instance, checked.schema(), checked.document(), source);
      if (!errors.isEmpty()) {
        throw new InvalidRequest(400, errors);
      }
    }
  }
}
