package dev.conduit.core.config;

import java.time.Duration;
import java.util.List;

/**
 * How callers' JWTs are verified.
 *
 * @param hs256Secret a shared HS256 secret (the development default, and what {@code conduit token} signs with)
 * @param publicKey   a PEM public key (RS256 or ES256), or the path of a file holding one
 * @param jwksUrl     a JWKS endpoint whose keys are fetched, cached and refreshed on an unknown {@code kid}
 * @param jwksRefetchInterval the least time between two JWKS re-fetches
 * @param issuer      required {@code iss} when set
 * @param audience    required {@code aud} when set
 * @param ownerClaim  the claim naming the caller's owner (tenant)
 * @param algorithms  the accepted {@code alg} values; {@code none} is never accepted
 * @param clockSkew   tolerance for {@code exp}/{@code nbf}/{@code iat}
 */
public record AuthConfig(
    String hs256Secret,
    String publicKey,
    String jwksUrl,
    Duration jwksRefetchInterval,
    String issuer,
    String audience,
    String ownerClaim,
    List<String> algorithms,
    Duration clockSkew) {

  public AuthConfig {
    algorithms = algorithms == null ? List.of() : List.copyOf(algorithms);
  }

  public boolean hasAnyKeySource() {
    return isSet(hs256Secret) || isSet(publicKey) || isSet(jwksUrl);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  @Override
  public String toString() {
    return "AuthConfig[hs256Secret=" + (isSet(hs256Secret) ? "(set)" : "(unset)") + ", publicKey="
        + (isSet(publicKey) ? "(set)" : "(unset)")  + ", jwksUrl=" + jwksUrl + ", jwksRefetchInterval=" + jwksRefetchInterval + ", issuer=" + issuer
        + ", audience=" + audience + ", ownerClaim=" + ownerClaim + ", algorithms=" + algorithms
        + ", clockSkew=" + clockSkew + "]";
  }
}
