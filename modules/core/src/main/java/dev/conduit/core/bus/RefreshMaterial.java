package dev.conduit.core.bus;

import java.time.Instant;
import java.util.Map;

/**
 * What the vault hands the RefreshVerticle for one refresh: the refresh token (opened) and the state it was read
 * at. {@code urlParameters} are the connection's metadata strings, for connectors whose endpoints carry
 * {@code {placeholders}}. The token is hidden from {@code toString()}.
 *
 * @param refreshToken null when the credential has none (it cannot be refreshed)
 */
public record RefreshMaterial(
    String connector,
    long secretVersion,
    String refreshToken,
    Instant expiresAt,
    Instant lastRefreshedAt,
    boolean refreshInDoubt,
    Map<String, String> urlParameters) implements BusMessage {

  public RefreshMaterial {
    urlParameters = urlParameters == null ? Map.of() : Map.copyOf(urlParameters);
  }

  @Override
  public String toString() {
    return "RefreshMaterial[connector=" + connector + ", secretVersion=" + secretVersion + ", refreshToken="
        + (refreshToken == null ? "none" : "(hidden)") + ", expiresAt=" + expiresAt + "]";
  }
}
