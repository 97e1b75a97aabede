package dev.conduit.core.connection;

import dev.conduit.core.catalog.AuthType;

/** The kind of secret a connection holds; it always matches its connector's auth type. */
public enum CredentialKind {
  OAUTH2(AuthType.OAUTH2),
  API_KEY(AuthType.API_KEY),
  BASIC(AuthType.BASIC);

  private final AuthType authType;

  CredentialKind(AuthType authType) {
    this.authType = authType;
  }

  public String wireName() {
    return authType.wireName();
  }

  public boolean matches(AuthType connectorAuthType) {
    return authType == connectorAuthType;
  }

  /** The kind for a wire name, or null. */
  public static CredentialKind fromWireName(String name) {
    for (CredentialKind kind : values()) {
      if (kind.wireName().equals(name)) {
        return kind;
      }
    }
    return null;
  }
}
