package dev.conduit.http;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.Json;
import io.vertx.ext.web.RoutingContext;
import io.vertx.json.schema.JsonSchemaValidationException;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.SchemaRepository;
import io.vertx.json.schema.Validator;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import io.vertx.openapi.contract.RequestBody;
import io.vertx.openapi.contract.Style;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidationContext;
import io.vertx.openapi.validation.ValidatorErrorType;
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
 * thread; at thousands of requests a second that was most of a request's cost.) Failures are vertx-openapi's
 * own {@link ValidatorException}s, rendered by {@link ValidationErrors}.
 */
final class ContractValidator {

  private static final Map<Style, ParameterTransformer> TRANSFORMERS = new EnumMap<>(Map.of(
      Style.SIMPLE, new SimpleTransformer(),
      Style.FORM, new FormTransformer(),
      Style.LABEL, new LabelTransformer(),
      Style.MATRIX, new MatrixTransformer()));

  private final OpenAPIContract contract;
  private final SchemaRepository schemas;

  ContractValidator(OpenAPIContract contract) {
    this.contract = contract;
    this.schemas = contract.getSchemaRepository();
  }

  /** The check of one operation's parameters and body. */
  RequestCheck forOperation(String operationId) {
    Operation operation = contract.operation(operationId);
    List<CheckedParameter> parameters = new ArrayList<>();
    for (Parameter parameter : operation.getParameters()) {
      parameters.add(new CheckedParameter(parameter, schemas.validator(parameter.getSchema()),
          TRANSFORMERS.get(parameter.getStyle())));
    }
    RequestBody body = operation.getRequestBody();
    Map<String, Validator> bodyValidators = new HashMap<>();
    if (body != null) {
      body.getContent().forEach((type, media) -> bodyValidators.put(type, schemas.validator(media.getSchema())));
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

  private record CheckedParameter(Parameter parameter, Validator validator, ParameterTransformer transformer) {

    void check(RoutingContext ctx) {
      String raw = switch (parameter.getIn()) {
        case PATH -> ctx.pathParam(parameter.getName());
        case QUERY -> ctx.queryParams().get(parameter.getName());
        case HEADER -> ctx.request().getHeader(parameter.getName());
        case COOKIE -> ctx.request().getCookie(parameter.getName()) == null ? null
            : ctx.request().getCookie(parameter.getName()).getValue();
      };
      if (raw == null) {
        if (parameter.isRequired()) {
          throw ValidatorException.createMissingRequiredParameter(parameter);
        }
        return;
      }
      OutputUnit result = validator.validate(transformer.transform(parameter, raw));
      try {
        result.checkValidity();
      } catch (JsonSchemaValidationException e) {
        throw SchemaValidationException.createErrorFromOutputUnitType(parameter, result, e);
      }
    }
  }

  private static void checkBody(RoutingContext ctx, RequestBody body, Map<String, Validator> validators) {
    Buffer content = ctx.body().buffer();
    if (content == null || content.length() == 0) {
      if (body.isRequired()) {
        throw new ValidatorException("The related request does not contain the required body.",
            ValidatorErrorType.MISSING_REQUIRED_PARAMETER);
      }
      return;
    }
    MediaType mediaType = body.determineContentType(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    Validator validator = mediaType == null ? null : validators.get(mediaType.getIdentifier());
    if (validator == null) {
      throw new ValidatorException("The request body's media type is not accepted here.",
          ValidatorErrorType.UNSUPPORTED_VALUE_FORMAT);
    }
    OutputUnit result = validator.validate(Json.decodeValue(content));
    try {
      result.checkValidity();
    } catch (JsonSchemaValidationException e) {
      throw SchemaValidationException.createInvalidValueBody(result, ValidationContext.REQUEST, e);
    }
  }
}
