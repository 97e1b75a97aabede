package dev.conduit.http.auth;

import dev.conduit.core.config.AuthConfig;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * The claims checks of a token whose signature has verified: time, issuer, audience and owner. vertx-auth-jwt
 * could do the first three, but it answers all time faults alike ("token expired", for a token that is not
 * valid yet too) and in English; here each fault has its own {@link TokenRefusal}. It also leaves {@code exp}
 * optional, and reads {@code 1e400} as infinity, a token that never expires.
 */
final class TokenClaims {

  private static final int MAX_OWNER_LENGTH = 256;
  /** 9999-12-31T23:59:59Z in seconds: a later time is no date. */
  private static final double MAX_TIME = 253_402_300_799d;

  private final AuthConfig config;

  TokenClaims(AuthConfig config) {
    this.config = config;
  }

  /** The owner the verified claims name at {@code nowSeconds}; throws {@link AuthenticationFailure}. */
  String owner(JsonObject claims, long nowSeconds) {
    long leeway = config.clockSkew().toSeconds();
    if (!claims.containsKey("exp")) {
      throw new AuthenticationFailure(TokenRefusal.NO_EXPIRY);
    }
    double exp = time(claims, "exp");
    if (nowSeconds - leeway >= exp) {
      throw new AuthenticationFailure(TokenRefusal.EXPIRED);
    }
    if (claims.containsKey("nbf") && time(claims, "nbf") > nowSeconds + leeway) {
      throw new AuthenticationFailure(TokenRefusal.NOT_YET_VALID);
    }
    if (claims.containsKey("iat") && time(claims, "iat") > nowSeconds + leeway) {
      throw new AuthenticationFailure(TokenRefusal.ISSUED_IN_FUTURE);
    }
    if (isSet(config.issuer()) && !config.issuer().equals(claims.getValue("iss"))) {
      throw new AuthenticationFailure(TokenRefusal.WRONG_ISSUER);
    }
    if (isSet(config.audience()) && !audiences(claims.getValue("aud")).contains(config.audience())) {
      throw new AuthenticationFailure(TokenRefusal.WRONG_AUDIENCE);
    }
    Object owner = claims.getValue(config.ownerClaim());
    if (!(owner instanceof String name) || name.isBlank() || name.length() > MAX_OWNER_LENGTH
        || !OwnerNames.storable(name)) {
      throw new AuthenticationFailure(TokenRefusal.NO_OWNER);
    }
    return name;
  }

  /** A NumericDate claim in seconds; anything else (a string, 1e400 read as infinity, NaN) is refused. */
  private static double time(JsonObject claims, String name) {
    if (!(claims.getValue(name) instanceof Number number)
        || !(number.doubleValue() >= 0 && number.doubleValue() <= MAX_TIME)) {
      throw new AuthenticationFailure(TokenRefusal.BAD_TIME);
    }
    return number.doubleValue();
  }

  private static JsonArray audiences(Object aud) {
    if (aud instanceof String single) {
      return new JsonArray().add(single);
    }
    return aud instanceof JsonArray list ? list : new JsonArray();
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
