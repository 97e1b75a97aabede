package dev.conduit.core.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a token endpoint wants its request body: form-encoded (RFC 6749) or, for a few providers, JSON. */
public enum TokenRequestFormat {
  FORM("form"),
  JSON("json");

  private final String wireName;

  TokenRequestFormat(String wireName) {
    this.wireName = wireName;
  }

  @JsonValue
  public String wireName() {
    return wireName;
  }

  @Override
  public String toString() {
    return wireName;
  }
}
