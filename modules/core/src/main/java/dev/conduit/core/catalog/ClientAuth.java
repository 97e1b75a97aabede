package dev.conduit.core.catalog;

import com.fasterxml.jackson.annotation.JsonValue;

/** How a provider's token endpoint wants the OAuth client to authenticate (RFC 6749 §2.3, RFC 8414). */
public enum ClientAuth {
  CLIENT_SECRET_BASIC("client_secret_basic"),
  CLIENT_SECRET_POST("client_secret_post"),
  NONE("none");

  private final String wireName;

  ClientAuth(String wireName) {
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
}
