package dev.conduit.core.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a connector authenticates: the kind of credential its connections hold. */
public enum AuthType {
  OAUTH2("oauth2"),
  API_KEY("api_key"),
  BASIC("basic");

  private final String wireName;

  AuthType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  /** The wire name, so messages show what a file author writes. */
  @Override
  public String toString() {
    return wireName;
  }

  /** The value for a wire name, or null when there is none (callers report the bad value themselves). */
  public static AuthType fromWireName(String name) {
    for (AuthType type : values()) {
      if (type.wireName.equals(name)) {
        return type;
      }
    }
    return null;
  }
}
