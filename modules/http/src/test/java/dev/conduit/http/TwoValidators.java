package dev.conduit.http;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.OpenAPIRoute;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.core.json.Json;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.validation.RequestValidator;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on loopback, routed from our OpenAPI document, where every operation runs one request through
 * both validators: ours ({@link ContractValidator}, on the event loop) and vertx-openapi's own
 * ({@link RequestValidator} on the request its router extracts — exactly what the router's validation step does).
 * It answers with both verdicts, so a test can compare them on the very same request.
 */
final class TwoValidators {

  private static final Pattern PARAMETER = Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)(?:[ .]|$)");

  /** One validator's verdict: accepted, or refused naming these fields (body pointers or parameter names). */
  record Verdict(boolean accepted, List<String> fields, String detail) {

    static Verdict from(JsonObject json) {
      List<String> fields = new ArrayList<>();
      json.getJsonArray("fields").forEach(field -> fields.add((String) field));
      return new Verdict(json.getBoolean("accepted"), fields, json.getString("detail"));
    }
  }

  private final HttpServer server;

  private TwoValidators(HttpServer server) {
    this.server = server;
  }

  static Future<TwoValidators> start(Vertx vertx) {
    return OpenApiDocument.fromClasspath().contract(vertx).compose(contract -> {
      HttpServer server = vertx.createHttpServer();
      return server.requestHandler(router(vertx, contract)).listen(0, "127.0.0.1").map(s -> new TwoValidators(s));
    });
  }

  int port() {
    return server.actualPort();
  }

  private static Router router(Vertx vertx, OpenAPIContract contract) {
    RequestExtractor extractor = RequestExtractor.withBodyHandler();
    RequestValidator reference = RequestValidator.create(vertx, contract);
    ContractValidator ours = new ContractValidator(contract);
    RouterBuilder builder = RouterBuilder.create(vertx, contract, extractor)
        .rootHandler(BodyHandler.create(false).setBodyLimit(HttpVerticle.BODY_LIMIT_BYTES));
    for (OpenAPIRoute route : builder.getRoutes()) {
      String operationId = route.getOperation().getOperationId();
      RequestCheck check = ours.forOperation(operationId);
      route.setDoSecurity(false).setDoValidation(false).addHandler(ctx -> {
        JsonObject ourVerdict = verdict(check, ctx);
        extractor.extractValidatableRequest(ctx, route.getOperation())
            .compose(request -> reference.validate(request, operationId))
            .map(validated -> accepted())
            .otherwise(failure -> referenceRefused(failure, ctx, route, contract))
            .onSuccess(theirs -> ctx.json(new JsonObject().put("ours", ourVerdict).put("reference", theirs)));
      });
    }
    return builder.createRouter();
  }

  private static JsonObject verdict(RequestCheck check, RoutingContext ctx) {
    try {
      check.check(ctx);
      return accepted();
    } catch (RuntimeException e) {
      return refused(e);
    }
  }

  private static JsonObject accepted() {
    return new JsonObject().put("accepted", true).put("fields", new JsonArray());
  }

  /** Our validator's refusal: the fields its errors name. */
  private static JsonObject refused(Throwable failure) {
    if (failure instanceof InvalidRequest invalid) {
      return refusal(invalid.errors(), invalid.errors().encode());
    }
    return notAValidationFailure(failure);
  }

  /**
   * vertx-openapi's refusal, its output rendered by our {@link ValidationErrors} so that both name fields alike; a
   * parameter is named in its English message only (this is a test, comparing; the server never reads it).
   */
  private static JsonObject referenceRefused(Throwable failure, RoutingContext ctx, OpenAPIRoute route,
      OpenAPIContract contract) {
    if (!(failure instanceof ValidatorException e)) {
      return notAValidationFailure(failure);
    }
    Matcher parameter = PARAMETER.matcher(e.getMessage() == null ? "" : e.getMessage());
    if (parameter.find()) {
      return refusal(ValidationErrors.single(e.getMessage(), new ValidationErrors.Parameter(parameter.group(1))),
          e.getMessage());
    }
    if (e instanceof SchemaValidationException schemaError && schemaError.getOutputUnit() != null) {
      String contentType = ctx.request().getHeader("Content-Type");
      MediaType media = route.getOperation().getRequestBody().determineContentType(contentType);
      Object instance = Json.decodeValue(ctx.body().buffer());
      return refusal(ValidationErrors.describe(schemaError.getOutputUnit(), instance, media.getSchema(),
          contract.getRawContract(), new ValidationErrors.Body()), e.getMessage());
    }
    return refusal(ValidationErrors.single(e.getMessage(), new ValidationErrors.Body()), e.getMessage());
  }

  private static JsonObject refusal(JsonArray errors, String detail) {
    JsonArray fields = new JsonArray();
    errors.forEach(error -> {
      JsonObject source = ((JsonObject) error).getJsonObject("source", new JsonObject());
      String field = source.containsKey("pointer") ? source.getString("pointer") : source.getString("parameter");
      if (field != null && !fields.contains(field)) {
        fields.add(field);
      }
    });
    return new JsonObject().put("accepted", false).put("fields", fields).put("detail", detail);
  }

  /** Not a validation verdict at all: the comparison shows it as a refusal naming the exception. */
  private static JsonObject notAValidationFailure(Throwable failure) {
    return new JsonObject().put("accepted", false)
        .put("fields", new JsonArray().add("!" + failure.getClass().getSimpleName()))
        .put("detail", "not a validation failure: " + failure);
  }
}
