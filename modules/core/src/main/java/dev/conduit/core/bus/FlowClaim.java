package dev.conduit.core.bus;

import java.util.List;
import java.util.UUID;

/**
 * An OAuth flow the vault has just consumed, for the RefreshVerticle, which is about to exchange its code. The
 * verifier is hidden from {@code toString()}.
 *
 * @param redirectAfter    where the browser goes afterwards, or null for Conduit's own page
 * @param connectSessionId the connect session whose page started the flow, or null
 */
public record FlowClaim(UUID connectionId, String owner, String connector, String pkceVerifier, String redirectAfter,
    List<String> scopes, UUID connectSessionId) implements BusMessage {

  public FlowClaim {
    scopes = List.copyOf(scopes);
  }

  @Override
  public String toString() {
    return "FlowClaim[connectionId=" + connectionId + ", connector=" + connector + ", pkceVerifier=(hidden)]";
  }
}
