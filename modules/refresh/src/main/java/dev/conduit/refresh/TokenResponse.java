package dev.conduit.refresh;

import java.time.Duration;
import java.util.List;

/**
 * A successful token-endpoint answer, parsed. Tokens are hidden from {@code toString()}.
 *
 * @param refreshToken null when the provider did not rotate it (keep the current one)
 * @param expiresIn    null when the provider gave no usable lifetime
 * @param scopes       null when the provider did not say (keep the current ones)
 */
record TokenResponse(String accessToken, String refreshToken, String tokenType, Duration expiresIn,
    List<String> scopes) {

  @Override
  public String toString() {
    return "TokenResponse[accessToken=(hidden), refreshToken=" + (refreshToken == null ? "none" : "(hidden)")
        + ", tokenType=" + tokenType + ", expiresIn=" + expiresIn + ", scopes=" + scopes + "]";
  }
}
