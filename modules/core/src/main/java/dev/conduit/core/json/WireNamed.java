package dev.conduit.core.json;

/** An enum whose values travel as lower-case wire names (in JSON, YAML and the database). */
public interface WireNamed {

  String wireName();

  /** The constant of {@code type} with this wire name, or null when there is none. */
  static <E extends Enum<E> & WireNamed> E fromWireName(Class<E> type, String name) {
    for (E constant : type.getEnumConstants()) {
      if (constant.wireName().equals(name)) {
        return constant;
      }
    }
    return null;
  }
}
