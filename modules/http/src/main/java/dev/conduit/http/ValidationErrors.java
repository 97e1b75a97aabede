package dev.conduit.http;

import dev.conduit.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.validation.SchemaValidationException;
import io.vertx.openapi.validation.ValidatorException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns vertx-openapi validation failures into JSON:API errors: one per offending field, with a JSON pointer
 * into the body ({@code /data/attributes/label}) or the name of the query/path parameter. The schema
 * validator's messages describe the rule broken and never quote string values, so they are safe to return.
 */
final class ValidationErrors {

  private static final Pattern PARAMETER = Pattern.compile("(?:query|path|header|cookie) parameter (\\S+?)(?:[ .]|$)");
  private static final Pattern REQUIRED = Pattern.compile("Instance does not have required property \"([^\"]+)\"");
  /** Messages that only say "something below me failed"; the error below says what. */
  private static final Pattern WRAPPER = Pattern.compile(
      "Property \".*\" does not match schema|Items did not match schema|Instance does not match every subschema"
          + "|A sub-?schema had errors|Instance does not match exactly one subschema.*");

  private ValidationErrors() {
  }

  static JsonArray from(ValidatorException e) {
    String parameter = parameterName(e.getMessage());
    if (parameter != null) {
      return new JsonArray().add(JsonApi.error(ErrorCode.VALIDATION_FAILED, parameterDetail(e), null, parameter));
    }
    if (!(e instanceof SchemaValidationException schemaError) || schemaError.getOutputUnit() == null) {
      return new JsonArray().add(JsonApi.error(ErrorCode.VALIDATION_FAILED, bodyDetail(e), "", null));
    }
    JsonArray errors = new JsonArray();
    Set<String> seen = new LinkedHashSet<>();
    for (OutputUnit unit : leaves(schemaError.getOutputUnit())) {
      String pointer = pointer(unit);
      if (seen.add(pointer + "\n" + unit.getError())) {
        errors.add(JsonApi.error(ErrorCode.VALIDATION_FAILED, describe(unit), pointer, null));
      }
    }
    return errors;
  }

  /**
   * The errors that say what is wrong. The validator also reports every ancestor of a failing value, and
   * reports a declared property that failed its own schema as an "additional property" too; such an error is
   * dropped when a more specific one sits at or below its location.
   */
  private static List<OutputUnit> leaves(OutputUnit result) {
    List<OutputUnit> all = result.getErrors() == null ? List.of(result) : OneOfErrors.relevant(result.getErrors());
    List<OutputUnit> specific = all.stream()
        .filter(u -> u.getError() != null && !WRAPPER.matcher(u.getError()).matches())
        .toList();
    List<OutputUnit> leaves = specific.stream()
        .filter(u -> !isAdditionalProperty(u) || specific.stream().noneMatch(other -> other != u
            && !isAdditionalProperty(other) && pointer(other).startsWith(pointer(u))))
        .filter(u -> !isAdditionalProperty(u) || specific.stream().noneMatch(other -> other != u
            && isAdditionalProperty(other) && pointer(other).startsWith(pointer(u) + "/")))
        .toList();
    return leaves.isEmpty() ? all : leaves;
  }

  private static boolean isAdditionalProperty(OutputUnit unit) {
    return unit.getError().endsWith("does not match additional properties schema");
  }

  private static String pointer(OutputUnit unit) {
    String location = unit.getInstanceLocation() == null ? "" : unit.getInstanceLocation();
    if (location.startsWith("#")) {
      location = location.substring(1);
    }
    if (location.equals("/")) {
      location = "";
    }
    Matcher required = unit.getError() == null ? null : REQUIRED.matcher(unit.getError());
    if (required != null && required.matches()) {
      return location + "/" + required.group(1);
    }
    return location;
  }

  private static String describe(OutputUnit unit) {
    String error = unit.getError() == null ? "invalid value" : unit.getError();
    Matcher required = REQUIRED.matcher(error);
    if (required.matches()) {
      return "\"" + required.group(1) + "\" is required";
    }
    if (error.startsWith("Property \"") && error.endsWith("does not match additional properties schema")) {
      return "unknown attribute";
    }
    return error;
  }

  private static String parameterName(String message) {
    if (message == null) {
      return null;
    }
    Matcher matcher = PARAMETER.matcher(message);
    return matcher.find() ? matcher.group(1) : null;
  }

  private static String parameterDetail(ValidatorException e) {
    if (e instanceof SchemaValidationException schemaError && schemaError.getOutputUnit() != null) {
      List<OutputUnit> leaves = leaves(schemaError.getOutputUnit());
      return describe(leaves.get(leaves.size() - 1));
    }
    return e.getMessage();
  }

  private static String bodyDetail(ValidatorException e) {
    return switch (e.type()) {
      case MISSING_REQUIRED_PARAMETER -> "a request body is required";
      default -> "the request body does not match the API contract";
    };
  }
}
