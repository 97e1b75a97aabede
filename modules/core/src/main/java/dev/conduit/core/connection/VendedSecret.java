package dev.conduit.core.connection;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A live secret handed to its owner, one variant per credential kind, so each carries exactly the material of
 * its kind. Never a refresh token. Every variant hides its material from {@code toString()}.
 */
public sealed interface VendedSecret extends VendReply {

  UUID connectionId();

  String connector();

  CredentialKind kind();

  /** An OAuth access token; {@code tokenType} and {@code expiresAt} may be null. */
  record OAuth(UUID connectionId, String connector, String accessToken, String tokenType, Instant expiresAt,
      List<String> scopes) implements VendedSecret {

    public OAuth {
      scopes = scopes == null ? List.of() : List.copyOf(scopes);
    }

    @Override
    public CredentialKind kind() {
      return CredentialKind.OAUTH2;
    }

    @Override
    public String toString() {
      return "VendedSecret.OAuth[connectionId=" + connectionId + ", connector=" + connector + ", expiresAt="
          + expiresAt + ", accessToken=(hidden)]";
    }
  }

  /** An API key, with the secret half some providers pair it with (may be null). */
  record ApiKey(UUID connectionId, String connector, String apiKey, String apiSecret) implements VendedSecret {

    @Override
    public CredentialKind kind() {
      return CredentialKind.API_KEY;
    }

    @Override
    public String toString() {
      return "VendedSecret.ApiKey[connectionId=" + connectionId + ", connector=" + connector
          + ", apiKey=(hidden), apiSecret=" + (apiSecret == null ? "none" : "(hidden)") + "]";
    }
  }

  /** HTTP Basic credentials. */
  record Basic(UUID connectionId, String connector, String username, String password) implements VendedSecret {

    @Override
    public CredentialKind kind() {
      return CredentialKind.BASIC;
    }

    @Override
    public String toString() {
      return "VendedSecret.Basic[connectionId=" + connectionId + ", connector=" + connector
          + ", username=(hidden), password=(hidden)]";
    }
  }
}
