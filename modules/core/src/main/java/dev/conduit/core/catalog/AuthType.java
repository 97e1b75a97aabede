package dev.conduit.core.catalog;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.conduit.core.json.WireNamed;

/** How a connector authenticates: the kind of credential its connections hold. */
public enum AuthType implements WireNamed {
  OAUTH2("oauth2"),
  API_KEY("api_key"),
  BASIC("basic");

  private final String wireName;

  AuthType(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  @Override
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
    return WireNamed.fromWireName(AuthType.class, name);
  }
}
