package dev.conduit.store;

import dev.conduit.core.json.WireNamed;

/** Reads wire names back from the database, where a constraint or our own writes put them. */
final class StoredNames {

  private StoredNames() {
  }

  /** The constant of {@code type} named {@code name} in a column; a name we do not know is a broken invariant. */
  static <E extends Enum<E> & WireNamed> E of(Class<E> type, String name) {
    E constant = WireNamed.fromWireName(type, name);
    if (constant == null) {
      throw new IllegalStateException("the database holds an unknown " + type.getSimpleName() + " '" + name + "'");
    }
    return constant;
  }
}
