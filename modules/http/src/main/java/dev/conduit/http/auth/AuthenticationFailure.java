package dev.conduit.http.auth;

/** A bearer token refused, and why; the reason goes to the caller and to the log, never the token. */
public final class AuthenticationFailure extends RuntimeException {

  private final TokenRefusal refusal;

  public AuthenticationFailure(TokenRefusal refusal) {
    super(refusal.reason(), null, false, false);
    this.refusal = refusal;
  }

  public TokenRefusal refusal() {
    return refusal;
  }
}
