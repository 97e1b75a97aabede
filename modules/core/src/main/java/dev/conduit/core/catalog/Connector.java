package dev.conduit.core.catalog;

import java.util.List;

/** One provider of the catalog, as declared in its {@code connectors/<id>.yaml} file. */
public record Connector(
    String id,
    String name,
    AuthType authType,
    List<String> categories,
    String docsUrl,
    OAuthSettings oauth,
    RateLimit rateLimit) {

  public Connector {
    categories = categories == null ? List.of() : List.copyOf(categories);
  }

  public boolean isOAuth() {
    return authType == AuthType.OAUTH2;
  }
}
