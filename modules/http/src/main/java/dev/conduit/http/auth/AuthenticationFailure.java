package dev.conduit.http.auth;

/**
 * Why a bearer token was refused. The reason goes to the log; the caller only ever sees a plain 401. Reasons
 * never contain the token.
 */
public final class AuthenticationFailure extends RuntimeException {

  public AuthenticationFailure(String reason) {
    super(reason, null, false, false);
  }
}
