package dev.conduit.http;

import io.vertx.core.json.JsonArray;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sentence a person reads for one {@link SchemaFault}: what is wrong with which value, in the API's own
 * terms ({@code "label must be at most 200 characters."}). Values are named by their place in the request
 * (attributes by their name), never quoted.
 */
final class ValidationSentences {

  private static final String ATTRIBUTES = "/data/attributes";
  private static final int MAX_NAME_LENGTH = 64;
  private static final Map<String, String> TYPES = Map.of(
      "string", "a string", "integer", "an integer", "number", "a number", "boolean", "true or false",
      "object", "an object", "array", "an array", "null", "null");
  private static final Map<String, String> FORMATS = Map.of(
      "date-time", "an RFC 3339 date-time with an offset, such as 2026-11-22T10:00:00Z",
      "uuid", "a UUID", "uri", "an absolute URI", "email", "an email address");

  private ValidationSentences() {
  }

  static String of(SchemaFault fault, ValidationErrors.Source source) {
    String subject = subject(fault.pointer(), source);
    Object rule = fault.rule();
    return switch (fault.keyword()) {
      case "required" -> subject + " is required.";
      case "additionalProperties" -> unknown(fault.pointer(), fault.property(), source);
      case "type" -> subject + " must be " + types(rule) + ".";
      case "maxLength" -> subject + " must be at most " + count(rule, "character") + ".";
      case "minLength" -> isOne(rule) ? subject + " must not be empty."
          : subject + " must be at least " + count(rule, "character") + ".";
      case "minimum" -> subject + " must be at least " + number(rule) + ".";
      case "maximum" -> subject + " must be at most " + number(rule) + ".";
      case "exclusiveMinimum" -> subject + " must be greater than " + number(rule) + ".";
      case "exclusiveMaximum" -> subject + " must be less than " + number(rule) + ".";
      case "multipleOf" -> subject + " must be a multiple of " + number(rule) + ".";
      case "enum" -> rule instanceof JsonArray values && values.size() == 1
          ? subject + " must be " + literal(values.getValue(0)) + "."
          : subject + " must be one of " + literals(rule) + ".";
      case "const" -> subject + " must be " + literal(rule) + ".";
      case "pattern" -> subject + " must match the pattern " + rule + ".";
      case "format" -> subject + " must be " + FORMATS.getOrDefault(String.valueOf(rule), "a valid " + rule) + ".";
      case "minItems" -> subject + " must list at least " + count(rule, item(fault.pointer(), source)) + ".";
      case "maxItems" -> subject + " must list at most " + count(rule, item(fault.pointer(), source)) + ".";
      case "uniqueItems" -> subject + " must not list the same " + item(fault.pointer(), source) + " twice.";
      case "minProperties" -> subject + " must have at least " + count(rule, "member") + ".";
      case "maxProperties" -> subject + " must have at most " + count(rule, "member") + ".";
      case "oneOf" -> subject + " must match exactly one of the forms the API accepts here.";
      case "not" -> subject + " is not allowed here.";
      default -> subject + " breaks the API contract's rule '" + fault.keyword() + "'.";
    };
  }

  /** How a value is named: an attribute by its name, anything else by its dotted path in the document. */
  static String subject(String pointer, ValidationErrors.Source source) {
    if (source instanceof ValidationErrors.Parameter parameter) {
      return parameter.name();
    }
    if (pointer.isEmpty()) {
      return "The request body";
    }
    String path = pointer.startsWith(ATTRIBUTES + "/") ? pointer.substring(ATTRIBUTES.length()) : pointer;
    StringBuilder name = new StringBuilder();
    for (String token : path.substring(1).split("/", -1)) {
      if (Pointers.isIndex(token) && !name.isEmpty()) {
        name.append('[').append(token).append(']');
      } else {
        name.append(name.isEmpty() ? "" : ".").append(shortened(Pointers.unescape(token)));
      }
    }
    return name.toString();
  }

  private static String unknown(String pointer, String property, ValidationErrors.Source source) {
    String name = "'" + shortened(property) + "'";
    String parent = pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
    if (parent.equals(ATTRIBUTES)) {
      return "Unknown attribute " + name + ".";
    }
    if (parent.isEmpty()) {
      return "Unknown member " + name + " at the top level of the document.";
    }
    return "Unknown member " + name + " in " + subject(parent, source) + ".";
  }

  /** What an array lists, from its name: "events" lists events; anything else lists items. */
  private static String item(String pointer, ValidationErrors.Source source) {
    String name = source instanceof ValidationErrors.Parameter parameter ? parameter.name()
        : Pointers.unescape(pointer.substring(pointer.lastIndexOf('/') + 1));
    return name.length() > 1 && name.endsWith("s") && name.chars().allMatch(Character::isLetter)
        ? name.substring(0, name.length() - 1) : "item";
  }

  /** "a string", "a string or null": what a schema's {@code type} asks for. */
  static String types(Object rule) {
    if (rule == null) {
      return "a value of the expected type";
    }
    List<String> names = new ArrayList<>();
    if (rule instanceof JsonArray list) {
      list.forEach(type -> names.add(TYPES.getOrDefault(String.valueOf(type), String.valueOf(type))));
    } else {
      names.add(TYPES.getOrDefault(String.valueOf(rule), String.valueOf(rule)));
    }
    return String.join(" or ", names);
  }

  private static String literals(Object rule) {
    if (!(rule instanceof JsonArray values)) {
      return literal(rule);
    }
    List<String> literals = new ArrayList<>();
    values.forEach(value -> literals.add(literal(value)));
    if (literals.size() < 2) {
      return String.join("", literals);
    }
    return String.join(", ", literals.subList(0, literals.size() - 1)) + " or " + literals.get(literals.size() - 1);
  }

  private static String literal(Object value) {
    return value instanceof String text ? "'" + text + "'" : String.valueOf(value);
  }

  private static boolean isOne(Object rule) {
    return rule instanceof Number n && n.doubleValue() == 1;
  }

  private static String count(Object rule, String noun) {
    return isOne(rule) ? "one " + noun : number(rule) + " " + noun + "s";
  }

  private static String number(Object rule) {
    if (rule instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && Math.abs(n.doubleValue()) < 1e15) {
      return Long.toString(n.longValue());
    }
    return String.valueOf(rule);
  }

  private static String shortened(String name) {
    return name.length() <= MAX_NAME_LENGTH ? name : name.substring(0, MAX_NAME_LENGTH) + "…";
  }
}
