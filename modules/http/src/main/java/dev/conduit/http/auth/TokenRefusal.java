package dev.conduit.http.auth;

/**
 * Why a bearer token was refused: the closed set of reasons a caller is told, in the {@code 401}'s
 * {@code WWW-Authenticate} error description and its JSON detail. A reason names what is wrong, never any part of
 * the token, and holds only characters RFC 6750 allows in an error description (no quote, no backslash).
 */
public enum TokenRefusal {
  MISSING("the request has no Authorization header; send Authorization: Bearer followed by a token"),
  NOT_BEARER("the Authorization header does not hold one Bearer token"),
  TOO_LONG("the token is longer than " + TokenVerifier.MAX_TOKEN_LENGTH + " characters"),
  MALFORMED("the token is not a signed JWT (three base64url parts separated by dots)"),
  UNREADABLE("the token's header or payload is not base64url-encoded JSON"),
  ALGORITHM("the token is signed with an algorithm this server does not accept (auth.algorithms)"),
  SIGNATURE("the token's signature does not verify with any key this server trusts"),
  NO_EXPIRY("the token has no exp claim; tokens must expire"),
  BAD_TIME("the token's exp, nbf or iat claim is not a date between 1970 and 9999"),
  EXPIRED("the token has expired"),
  NOT_YET_VALID("the token is not valid yet (its nbf claim is in the future)"),
  ISSUED_IN_FUTURE("the token's issue time (iat) is in the future"),
  WRONG_ISSUER("the token was issued by an issuer this server does not accept (iss)"),
  WRONG_AUDIENCE("the token is meant for another audience (aud)"),
  NO_OWNER("the token has no usable owner claim (auth.owner-claim): a non-blank string of at most 256 characters"),
  API_KEY_MALFORMED("the API key is not cdk_ followed by 43 base64url characters"),
  API_KEY_UNKNOWN("the API key is unknown or has been deleted"),
  API_KEY_EXPIRED("the API key has expired");

  private final String reason;

  TokenRefusal(String reason) {
    this.reason = reason;
  }

  /** The reason as the caller reads it. */
  public String reason() {
    return reason;
  }
}
