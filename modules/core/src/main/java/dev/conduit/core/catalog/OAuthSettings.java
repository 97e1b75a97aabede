package dev.conduit.core.catalog;

import java.util.List;
import java.util.Map;

/**
 * The OAuth 2.0 side of a connector. URLs may contain {@code {name}} placeholders that a connection fills
 * from its metadata (for providers whose endpoints live on the customer's own subdomain).
 *
 * @param refreshUrl         where refresh-token grants go, when not the token endpoint (Figma)
 * @param tokenRequestFormat how the token endpoint wants its body (form unless the provider insists on JSON)
 */
public record OAuthSettings(
    String authorizeUrl,
    String tokenUrl,
    String refreshUrl,
    TokenRequestFormat tokenRequestFormat,
    String revokeUrl,
    List<String> defaultScopes,
    String scopeSeparator,
    Boolean pkce,
    ClientAuth clientAuth,
    Map<String, String> authorizeParams,
    List<String> reauthErrors) {

  public OAuthSettings {
    tokenRequestFormat = tokenRequestFormat == null ? TokenRequestFormat.FORM : tokenRequestFormat;
    defaultScopes = defaultScopes == null ? List.of() : List.copyOf(defaultScopes);
    scopeSeparator = scopeSeparator == null ? " " : scopeSeparator;
    pkce = pkce != null && pkce;
    // RFC 8414 §2: client_secret_basic is the default when a server names no method
    clientAuth = clientAuth == null ? ClientAuth.CLIENT_SECRET_BASIC : clientAuth;
    authorizeParams = authorizeParams == null ? Map.of() : Map.copyOf(authorizeParams);
    reauthErrors = reauthErrors == null ? List.of("invalid_grant") : List.copyOf(reauthErrors);
  }

  /** Where refresh-token grants are sent. */
  public String refreshEndpoint() {
    return refreshUrl != null ? refreshUrl : tokenUrl;
  }
}
