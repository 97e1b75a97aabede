package dev.conduit.app;

import dev.conduit.http.OpenApiDocument;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations the served OpenAPI document declares, so that a suite can walk every route: one added to the
 * document is walked without anyone adding it to a list.
 */
record ApiOperation(String id, String method, String path, boolean secured, Set<String> bodyTypes,
    boolean bodyRequired) {

  private static final Pattern PARAMETER = Pattern.compile("\\{([A-Za-z]+)}");

  static List<ApiOperation> all() {
    JsonObject paths = OpenApiDocument.fromClasspath().json().getJsonObject("paths");
    List<ApiOperation> operations = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        if (item.getValue(method) instanceof JsonObject operation && operation.containsKey("operationId")) {
          JsonArray security = operation.getJsonArray("security", new JsonArray());
          JsonObject body = operation.getJsonObject("requestBody");
          Set<String> types = body == null ? Set.of() : body.getJsonObject("content", new JsonObject()).fieldNames();
          operations.add(new ApiOperation(operation.getString("operationId"), method.toUpperCase(Locale.ROOT), path,
              !security.isEmpty(), Set.copyOf(types), body != null && body.getBoolean("required", false)));
        }
      }
    }
    return operations;
  }

  boolean takesJson() {
    return bodyTypes.contains("application/vnd.api+json");
  }

  boolean takesForm() {
    return bodyTypes.contains("application/x-www-form-urlencoded");
  }

  /** The names of the path's parameters, in order. */
  List<String> pathParameters() {
    List<String> names = new ArrayList<>();
    Matcher matcher = PARAMETER.matcher(path);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /** The path with each parameter replaced by what {@code value} gives for its name. */
  String path(java.util.function.UnaryOperator<String> value) {
    return PARAMETER.matcher(path).replaceAll(match -> Matcher.quoteReplacement(value.apply(match.group(1))));
  }

  @Override
  public String toString() {
    return id;
  }
}
