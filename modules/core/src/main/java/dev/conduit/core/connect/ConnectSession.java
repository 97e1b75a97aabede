package dev.conduit.core.connect;

import dev.conduit.core.connection.ConnectionMetadata;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A connect session: the end user of {@code owner} may connect one account at one of {@code connectors} through the
 * hosted connect page until {@code expiresAt}. Its token is not here: it is shown once and only its hash is kept.
 *
 * @param id            the session's public name, which is not its token
 * @param connectionId  for a reconnect session, the owner's connection it deposits into; null otherwise
 * @param label         given to the connection the session creates; may be null
 * @param redirectAfter where the browser goes once connected, on an allowed origin; null: Conduit's own page
 */
public record ConnectSession(UUID id, String owner, List<String> connectors, UUID connectionId, String label,
    ConnectionMetadata metadata, String redirectAfter, Instant expiresAt) {

  public ConnectSession {
    connectors = List.copyOf(connectors);
  }
}
