package dev.conduit.core.bus;

/**
 * What the provider sent back to {@code /oauth/callback}, for the RefreshVerticle to finish the flow with. Exactly
 * one of {@code code} and {@code error} is set. The code is hidden from {@code toString()}.
 *
 * @param stateHash   SHA-256 of the state parameter (the state itself stays in the HTTP layer)
 * @param error       the provider's {@code error} parameter, e.g. {@code access_denied}
 * @param issuer      the RFC 9207 {@code iss} parameter, or null when the provider sent none
 * @param redirectUri the {@code redirect_uri} the authorization request carried; the token request repeats it
 */
public record AuthorizationCallback(byte[] stateHash, String code, String error, String issuer, String redirectUri,
    String requestId) implements BusMessage, Traced {

  @Override
  public String toString() {
    return "AuthorizationCallback[code=" + (code == null ? "none" : "(hidden)") + ", error=" + error + "]";
  }
}
