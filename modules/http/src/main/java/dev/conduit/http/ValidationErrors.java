package dev.conduit.http;

import dev.conduit.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Turns the schema validator's output into JSON:API errors: one per offending value, with a JSON pointer into the
 * body ({@code /data/attributes/label}) or the name of the query parameter, and a sentence built from the
 * validator's structured output (keyword, locations, the rule's value in the schema) — never from its English
 * messages, which read like "A subschema had errors". Sentences never quote the request's values.
 */
final class ValidationErrors {

  /** Keywords whose failure only says that something inside failed; the faults inside say what. */
  private static final Set<String> WRAPPERS = Set.of("properties", "items", "prefixItems", "$ref", "$dynamicRef",
      "allOf", "anyOf", "patternProperties", "dependentSchemas", "if", "then", "else", "unevaluatedProperties",
      "unevaluatedItems", "contains", "propertyNames");

  /** Where the validated value came from. */
  sealed interface Source {
  }

  /** The request body; faults are pointed at with {@code source.pointer}. */
  record Body() implements Source {
  }

  /** A query (or header) parameter; faults name it in {@code source.parameter}. */
  record Parameter(String name) implements Source {
  }

  private ValidationErrors() {
  }

  /**
   * The errors for a failed validation of {@code instance} against {@code root}; none when the only faults were
   * date-times that RFC 3339 allows but the schema validator's {@code date-time} format check refuses (an offset
   * beyond 18 hours, more than nine fractional digits, a leap second): the request is then valid.
   *
   * @param document the whole OpenAPI document, where the validator's {@code $ref}s point
   */
  static JsonArray describe(OutputUnit result, Object instance, JsonSchema root, JsonObject document, Source source) {
    List<OutputUnit> units = result.getErrors() == null || result.getErrors().isEmpty()
        ? List.of(result) : result.getErrors();
    List<SchemaFault> all = units.stream()
        .flatMap(unit -> SchemaFault.of(unit, instance, root, document).stream())
        .toList();
    List<SchemaFault> faults = all.stream().filter(fault -> !isRfc3339(fault, instance)).toList();
    List<SchemaFault> specific = faults.stream()
        .filter(fault -> !WRAPPERS.contains(fault.keyword()))
        .filter(fault -> !fault.keyword().equals("oneOf") || all.stream().noneMatch(inner ->
            inner.keywordLocation().startsWith(fault.keywordLocation() + "/")))
        .toList();
    JsonArray errors = new JsonArray();
    Set<String> seen = new LinkedHashSet<>();
    for (SchemaFault fault : OneOfErrors.relevant(specific, all)) {
      if (seen.add(fault.pointer() + "\n" + fault.keyword() + "\n" + fault.property())) {
        errors.add(error(ValidationSentences.of(fault, source), fault.pointer(), source));
      }
    }
    boolean onlyRfc3339DateTimes = faults.size() < all.size();
    if (errors.isEmpty() && !onlyRfc3339DateTimes) {
      errors.add(error(source instanceof Parameter p ? p.name() + " is not valid."
          : "The request body does not match the API contract.", "", source));
    }
    return errors;
  }

  private static boolean isRfc3339(SchemaFault fault, Object instance) {
    if (!fault.keyword().equals("format") || !"date-time".equals(fault.rule())
        || !(Pointers.valueAt(instance, fault.pointer()) instanceof String text)) {
      return false;
    }
    try {
      Timestamps.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /** One error that is not a schema fault: a required body or parameter that is missing, say. */
  static JsonArray single(String sentence, Source source) {
    return new JsonArray().add(error(sentence, "", source));
  }

  private static JsonObject error(String detail, String pointer, Source source) {
    return source instanceof Parameter parameter
        ? JsonApi.error(ErrorCode.VALIDATION_FAILED, detail, null, parameter.name())
        : JsonApi.error(ErrorCode.VALIDATION_FAILED, detail, pointer, null);
  }
}
