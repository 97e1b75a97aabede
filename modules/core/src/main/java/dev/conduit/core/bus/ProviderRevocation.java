package dev.conduit.core.bus;

/**
 * Ask the provider to revoke a token (RFC 7009) after Conduit destroyed its own copy. Best effort: sent
 * without waiting for an answer. The token is hidden from {@code toString()}.
 *
 * @param tokenTypeHint {@code refresh_token} or {@code access_token}
 */
public record ProviderRevocation(String connector, String token, String tokenTypeHint, String requestId)
    implements BusMessage, Traced {

  @Override
  public String toString() {
    return "ProviderRevocation[connector=" + connector + ", token=(hidden), tokenTypeHint=" + tokenTypeHint
        + ", requestId=" + requestId + "]";
  }
}
