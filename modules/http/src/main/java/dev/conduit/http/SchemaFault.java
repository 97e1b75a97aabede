package dev.conduit.http;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.OutputUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * One rule a request value broke, read from the schema validator's structured output rather than its English
 * message: the keyword ({@code maxLength}), where in the schema it sits, the JSON pointer of the value at fault,
 * the keyword's value in the schema ({@code 200}) and, for {@code required} and {@code additionalProperties},
 * the property missing or not allowed.
 */
record SchemaFault(String keyword, String keywordLocation, String pointer, Object rule, String property) {

  /**
   * The faults behind one output unit: a {@code required} unit becomes one fault per property the instance
   * lacks (the validator says which only in its English message; the schema and the instance say it too).
   *
   * @param root the schema the instance was validated against
   * @param document the whole OpenAPI document, which the validator's {@code $ref}s point into
   */
  static List<SchemaFault> of(OutputUnit unit, Object instance, JsonSchema root, JsonObject document) {
    String keywordLocation = unit.getKeywordLocation() == null ? "" : unit.getKeywordLocation();
    String keyword = lastSegment(keywordLocation);
    String pointer = pointer(unit.getInstanceLocation());
    String absolute = unit.getAbsoluteKeywordLocation() == null ? "" : unit.getAbsoluteKeywordLocation();
    // some schemas (a parameter's inline one) come without an absolute location; theirs is the keyword location
    Object rule = ruleAt(absolute.isEmpty() ? keywordLocation : absolute, root, document);
    List<SchemaFault> faults = new ArrayList<>();
    if (keyword.equals("required")) {
      Object value = Pointers.valueAt(instance, pointer);
      if (rule instanceof JsonArray names && value instanceof JsonObject object) {
        for (Object name : names) {
          if (name instanceof String property && !object.containsKey(property)) {
            faults.add(new SchemaFault(keyword, keywordLocation, pointer + "/" + Pointers.escape(property), rule,
                property));
          }
        }
      }
      return faults;
    }
    if (keyword.equals("additionalProperties")) {
      String property = Pointers.unescape(lastSegment(pointer));
      // the validator also reports here a declared property whose own schema failed (that error is reported
      // where it happened), and any property failing a schema given as additionalProperties (likewise)
      String siblings = absolute.endsWith(keyword)
          ? absolute.substring(0, absolute.length() - keyword.length()) + "properties" : "";
      boolean declared = ruleAt(siblings, root, document) instanceof JsonObject properties
          && properties.containsKey(property);
      if (Boolean.FALSE.equals(rule) && !declared) {
        faults.add(new SchemaFault(keyword, keywordLocation, pointer, rule, property));
      }
      return faults;
    }
    faults.add(new SchemaFault(keyword, keywordLocation, pointer, rule, null));
    return faults;
  }

  /** The value of the keyword in the schema, found from the validator's absolute keyword location. */
  static Object ruleAt(String absoluteKeywordLocation, JsonSchema root, JsonObject document) {
    if (absoluteKeywordLocation == null || absoluteKeywordLocation.indexOf('#') < 0) {
      return null;
    }
    String pointer = absoluteKeywordLocation.substring(absoluteKeywordLocation.indexOf('#') + 1);
    if (pointer.isEmpty()) {
      return null;
    }
    // a $ref'd schema is reported where the document defines it, an inline one relative to the schema validated
    // against (a parameter's inline schema, though, where it sits in the document)
    if (!pointer.startsWith("/components/")) {
      String[] segments = pointer.substring(1).split("/", 2);
      Object first = root.get(Pointers.unescape(segments[0]));
      Object rule = segments.length == 1 ? first : Pointers.valueAt(first, "/" + segments[1]);
      if (rule != null) {
        return rule;
      }
    }
    return Pointers.valueAt(document, pointer);
  }

  private static String pointer(String instanceLocation) {
    String location = instanceLocation == null ? "" : instanceLocation;
    if (location.startsWith("#")) {
      location = location.substring(1);
    }
    return location.equals("/") ? "" : location;
  }

  private static String lastSegment(String pointer) {
    return pointer.substring(pointer.lastIndexOf('/') + 1);
  }
}
