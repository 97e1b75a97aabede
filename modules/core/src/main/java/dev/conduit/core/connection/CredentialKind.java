package dev.conduit.core.connection;

import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.json.WireNamed;

/** The kind of secret a connection holds; it always matches its connector's auth type. */
public enum CredentialKind implements WireNamed {
  OAUTH2(AuthType.OAUTH2),
  API_KEY(AuthType.API_KEY),
  BASIC(AuthType.BASIC);

  private final AuthType authType;

  CredentialKind(AuthType authType) {
    this.authType = authType;
  }

  @Override
  public String wireName() {
    return authType.wireName();
  }

  public boolean matches(AuthType connectorAuthType) {
    return authType == connectorAuthType;
  }

  /** The kind for a wire name, or null. */
  public static CredentialKind fromWireName(String name) {
    return WireNamed.fromWireName(CredentialKind.class, name);
  }
}
