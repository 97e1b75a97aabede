package dev.conduit.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import dev.conduit.core.config.Durations;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** Turns Jackson's mapping errors into "field: what was expected" sentences for people editing YAML. */
public final class MappingProblems {

  private MappingProblems() {
  }

  /** The dotted path of the field a mapping error is about, e.g. {@code oauth.defaultScopes[1]}. */
  public static String path(JsonMappingException e) {
    return path(e.getPath());
  }

  public static String path(List<JsonMappingException.Reference> references) {
    StringBuilder path = new StringBuilder();
    for (JsonMappingException.Reference ref : references) {
      if (ref.getFieldName() != null) {
        if (path.length() > 0) {
          path.append('.');
        }
        path.append(ref.getFieldName());
      } else if (ref.getIndex() >= 0) {
        path.append('[').append(ref.getIndex()).append(']');
      }
    }
    return path.toString();
  }

  /**
   * The dotted path of the field the parser was in when it met a syntax error (empty at the top level), so that a
   * broken file names the field as well as the line.
   */
  public static String pathAt(JsonProcessingException e) {
    if (!(e.getProcessor() instanceof JsonParser parser)) {
      return "";
    }
    Deque<String> segments = new ArrayDeque<>();
    for (JsonStreamContext ctx = parser.getParsingContext(); ctx != null && !ctx.inRoot(); ctx = ctx.getParent()) {
      if (ctx.inArray()) {
        segments.push("[" + Math.max(ctx.getCurrentIndex(), 0) + "]");
      } else if (ctx.getCurrentName() != null) {
        segments.push(ctx.getCurrentName());
      }
    }
    StringBuilder path = new StringBuilder();
    for (String segment : segments) {
      if (!segment.startsWith("[") && path.length() > 0) {
        path.append('.');
      }
      path.append(segment);
    }
    return path.toString();
  }

  /** What went wrong, without repeating the field name. */
  public static String describe(JsonProcessingException e) {
    if (e instanceof UnrecognizedPropertyException) {
      return "unknown field";
    }
    if (e instanceof InvalidFormatException invalid) {
      return "expected " + expectedForm(invalid.getTargetType()) + ", got '" + invalid.getValue() + "'";
    }
    if (e instanceof MismatchedInputException mismatched && mismatched.getTargetType() != null) {
      return "expected " + expectedForm(mismatched.getTargetType());
    }
    if (e instanceof JsonMappingException mapping && mapping.getCause() != null
        && mapping.getCause().getMessage() != null) {
      return mapping.getCause().getMessage();
    }
    return e.getOriginalMessage();
  }

  /** A human name for the form a Java type takes in YAML. */
  public static String expectedForm(Class<?> type) {
    if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
      return "an integer";
    }
    if (type == Boolean.class || type == boolean.class) {
      return "true or false";
    }
    if (type == Duration.class) {
      return Durations.EXPECTED;
    }
    if (type == String.class) {
      return "a string";
    }
    if (List.class.isAssignableFrom(type)) {
      return "a list";
    }
    if (type.isEnum()) {
      StringBuilder names = new StringBuilder();
      for (Object constant : type.getEnumConstants()) {
        names.append(names.length() == 0 ? "" : " | ").append(constant);
      }
      return "one of " + names;
    }
    if (type.isRecord() || java.util.Map.class.isAssignableFrom(type)) {
      return "a mapping";
    }
    return "a " + type.getSimpleName();
  }
}
