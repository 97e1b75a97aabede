package dev.conduit.core.connection;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A connection's metadata: the owner's free-form JSON object, immutable all the way down. Connections travel
 * between verticles by reference, so a reader must not be able to change what another reader sees. Keys keep
 * their order, so the JSON rendered is the JSON stored.
 */
public final class ConnectionMetadata {

  private static final ConnectionMetadata EMPTY = new ConnectionMetadata(Map.of());

  private final Map<String, Object> values;

  private ConnectionMetadata(Map<String, Object> values) {
    this.values = values;
  }

  public static ConnectionMetadata empty() {
    return EMPTY;
  }

  /** An immutable deep copy of {@code json}; null is empty. */
  public static ConnectionMetadata of(JsonObject json) {
    return json == null || json.isEmpty() ? EMPTY : new ConnectionMetadata(freeze(json.getMap()));
  }

  /** The metadata as a new JSON object; changing it changes nothing here. */
  public JsonObject toJson() {
    return (JsonObject) thaw(values);
  }

  /** The top-level string values (they fill {@code {placeholders}} in some providers' URLs). */
  public Map<String, String> strings() {
    Map<String, String> strings = new LinkedHashMap<>();
    values.forEach((key, value) -> {
      if (value instanceof String text) {
        strings.put(key, text);
      }
    });
    return Collections.unmodifiableMap(strings);
  }

  public boolean isEmpty() {
    return values.isEmpty();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ConnectionMetadata metadata && values.equals(metadata.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return toJson().encode();
  }

  private static Map<String, Object> freeze(Map<String, Object> map) {
    Map<String, Object> copy = new LinkedHashMap<>();
    map.forEach((key, value) -> copy.put(key, freezeValue(value)));
    return Collections.unmodifiableMap(copy);
  }

  @SuppressWarnings("unchecked")
  private static Object freezeValue(Object value) {
    if (value instanceof JsonObject object) {
      return freeze(object.getMap());
    }
    if (value instanceof Map<?, ?> map) {
      return freeze((Map<String, Object>) map);
    }
    if (value instanceof JsonArray array) {
      return freezeValue(array.getList());
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(item -> copy.add(freezeValue(item)));
      return Collections.unmodifiableList(copy);
    }
    return value; // strings, numbers, booleans and null are immutable already
  }

  private static Object thaw(Object value) {
    if (value instanceof Map<?, ?> map) {
      JsonObject object = new JsonObject();
      map.forEach((key, item) -> object.put((String) key, thaw(item)));
      return object;
    }
    if (value instanceof List<?> list) {
      JsonArray array = new JsonArray();
      list.forEach(item -> array.add(thaw(item)));
      return array;
    }
    return value;
  }
}
