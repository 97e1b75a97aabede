package dev.conduit.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.vertx.core.json.JsonObject;
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
