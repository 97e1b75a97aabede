package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes JSON:API documents: resource objects, collections and error documents. */
public final class JsonApi {

  public static final String MEDIA_TYPE = "application/vnd.api+json";

  private JsonApi() {
  }

  /**
   * A request document's attributes (empty when it has none), after checking that its resource type is the
   * endpoint's: JSON:API answers another type with 409.
   */
  static JsonObject attributesOf(JsonObject document, String type) {
    JsonObject data = document.getJsonObject("data");
    if (!type.equals(data.getString("type"))) {
      throw new ConduitException(ErrorCode.CONFLICT, "the resource type must be '" + type + "'", "/data/type");
    }
    return data.getJsonObject("attributes", new JsonObject());
  }

  /** A resource object with a self link. */
  public static JsonObject resource(String type, String id, JsonObject attributes, String selfLink) {
    return new JsonObject()
        .put("type", type)
        .put("id", id)
        .put("attributes", attributes)
        .put("links", new JsonObject().put("self", selfLink));
  }

  public static Future<Void> send(RoutingContext ctx, int status, JsonObject document) {
    return send(ctx, status, document.toBuffer());
  }

  /** Sends a document already encoded as JSON. */
  public static Future<Void> send(RoutingContext ctx, int status, Buffer document) {
    return ctx.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
        .end(document);
  }

  public static Future<Void> sendData(RoutingContext ctx, int status, Object data) {
    return send(ctx, status, new JsonObject().put("data", data));
  }

  /** One error object: {@code source} is a body pointer or a parameter name, or neither. */
  public static JsonObject error(ErrorCode code, String detail, String pointer, String parameter) {
    JsonObject error = new JsonObject()
        .put("status", Integer.toString(code.status()))
        .put("code", code.code())
        .put("title", code.title());
    if (detail != null) {
      error.put("detail", detail);
    }
    if (pointer != null) {
      error.put("source", new JsonObject().put("pointer", pointer));
    } else if (parameter != null) {
      error.put("source", new JsonObject().put("parameter", parameter));
    }
    return error;
  }

  public static Future<Void> sendErrors(RoutingContext ctx, int status, JsonArray errors) {
    if (ctx.response().ended()) {
      return Future.succeededFuture();
    }
    if (ctx.response().headWritten()) {
      ctx.response().reset();
      return Future.succeededFuture();
    }
    return send(ctx, status, new JsonObject().put("errors", errors));
  }

  public static Future<Void> sendError(RoutingContext ctx, ErrorCode code, String detail) {
    return sendErrors(ctx, code.status(), new JsonArray().add(error(code, detail, null, null)));
  }
}
