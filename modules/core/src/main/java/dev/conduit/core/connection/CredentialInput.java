package dev.conduit.core.connection;

import dev.conduit.core.bus.BusMessage;
import java.time.Instant;
import java.util.List;

/**
 * Secret material deposited by an owner, on its way to the vault. Every variant hides its secrets from
 * {@code toString()}, so a stray log line cannot leak them.
 */
public sealed interface CredentialInput extends BusMessage {

  CredentialKind kind();

  /** OAuth tokens obtained elsewhere. {@code refreshToken} and {@code expiresAt} may be null. */
  record OAuthTokens(String accessToken, String refreshToken, Instant expiresAt, List<String> scopes, String tokenType)
      implements CredentialInput {

    public OAuthTokens {
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public CredentialKind kind() {
      return CredentialKind.OAUTH2;
    }

    @Override
    public String toString() {
      return "OAuthTokens[accessToken=(hidden), refreshToken=" + (refreshToken == null ? "none" : "(hidden)")
          + ", expiresAt=" + expiresAt + ", scopes=" + scopes + ", tokenType=" + tokenType + "]";
    }
  }

  /** An API key, with the secret half some providers pair it with (may be null). */
  record ApiKey(String apiKey, String apiSecret) implements CredentialInput {

    @Override
    public CredentialKind kind() {
      return CredentialKind.API_KEY;
    }

    @Override
    public String toString() {
      return "ApiKey[apiKey=(hidden), apiSecret=" + (apiSecret == null ? "none" : "(hidden)") + "]";
    }
  }

  /** HTTP Basic credentials. */
  record Basic(String username, String password) implements CredentialInput {

    @Override
    public CredentialKind kind() {
      return CredentialKind.BASIC;
    }

    @Override
    public String toString() {
      return "Basic[username=(hidden), password=(hidden)]";
    }
  }
}
