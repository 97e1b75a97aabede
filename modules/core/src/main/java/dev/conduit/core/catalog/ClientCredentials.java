package dev.conduit.core.catalog;

/** A deployment's OAuth client for one connector. The secret never appears in {@link #toString()}. */
public record ClientCredentials(String clientId, String clientSecret) {

  public boolean hasSecret() {
    return clientSecret != null && !clientSecret.isEmpty();
  }

  /** The same client without its secret: what code that only builds authorize URLs may hold. */
  public ClientCredentials withoutSecret() {
    return new ClientCredentials(clientId, null);
  }

  @Override
  public String toString() {
    return "ClientCredentials[clientId=" + clientId + ", clientSecret=" + (hasSecret() ? "(set)" : "(unset)") + "]";
  }
}
