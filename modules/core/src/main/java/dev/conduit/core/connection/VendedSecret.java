package dev.conduit.core.connection;

import dev.conduit.core.bus.BusMessage;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A live secret handed to its owner: the access token (OAuth) or the key (API key, basic). Never a refresh
 * token. Hidden from {@code toString()}.
 */
public record VendedSecret(
    UUID connectionId,
    String connector,
    CredentialKind kind,
    String accessToken,
    String tokenType,
    Instant expiresAt,
    List<String> scopes,
    String apiKey,
    String apiSecret,
    String username,
    String password) implements BusMessage {

  public VendedSecret {
    scopes = scopes == null ? List.of() : List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "VendedSecret[connectionId=" + connectionId + ", connector=" + connector + ", kind=" + kind
        + ", expiresAt=" + expiresAt + ", material=(hidden)]";
  }
}
