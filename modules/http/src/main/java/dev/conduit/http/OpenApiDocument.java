package dev.conduit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.openapi.contract.MediaType;
import io.vertx.openapi.contract.OpenAPIContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The OpenAPI 3.1 contract, read once from the classpath: the YAML text is served at {@code /openapi.yaml}
 * as written, and its parsed form drives request validation.
 */
public record OpenApiDocument(String yaml, JsonObject json) {

  static final String RESOURCE = "openapi/conduit.yaml";

  /**
   * Resolves the contract once for all HttpVerticle instances: vertx-openapi reads its meta-schemas from the
   * classpath on worker threads, and several instances doing that at once race on Vert.x's file cache.
   */
  public Future<OpenAPIContract> contract(Vertx vertx) {
    return OpenAPIContract.from(vertx, withoutUnmodelledResponseTypes(json));
  }

  /**
   * The document as vertx-openapi can load it: that library refuses a document in which any response or request body
   * has a media type it cannot validate (such as {@code application/yaml}, which {@code /openapi.yaml} truthfully
   * declares, {@code text/html} of the connect pages, or the form those pages post). Conduit validates requests only,
   * never responses, and checks the connect form itself, so those media types are dropped from the copy it loads
   * (a request body left with none is dropped whole); the served text stays as written.
   */
  static JsonObject withoutUnmodelledResponseTypes(JsonObject document) {
    JsonObject copy = document.copy();
    JsonObject paths = copy.getJsonObject("paths", new JsonObject());
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation) {
          if (operation.getValue("responses") instanceof JsonObject responses) {
            responses.forEach(response -> onlySupported((JsonObject) response.getValue()));
          }
          if (operation.getValue("requestBody") instanceof JsonObject body && onlySupported(body)) {
            operation.remove("requestBody");
          }
        }
      }
    }
    JsonObject shared = copy.getJsonObject("components", new JsonObject()).getJsonObject("responses");
    if (shared != null) {
      shared.forEach(response -> onlySupported((JsonObject) response.getValue()));
    }
    return copy;
  }

  /** Drops the media types vertx-openapi cannot load; true when the content had some and none is left. */
  private static boolean onlySupported(JsonObject holder) {
    JsonObject content = holder.getJsonObject("content");
    if (content == null || content.isEmpty()) {
      return false;
    }
    content.fieldNames().removeIf(type -> !MediaType.isMediaTypeSupported(type));
    return content.isEmpty();
  }

  /** Reads the bundled document. Blocking: call before deploying the HttpVerticle. */
  public static OpenApiDocument fromClasspath() {
    try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("the OpenAPI document " + RESOURCE + " is missing from the classpath");
      }
      String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      ObjectMapper mapper = new YAMLMapper();
      @SuppressWarnings("unchecked")
      Map<String, Object> tree = mapper.readValue(yaml, Map.class);
      return new OpenApiDocument(yaml, new JsonObject(tree));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the OpenAPI document", e);
    }
  }
}
