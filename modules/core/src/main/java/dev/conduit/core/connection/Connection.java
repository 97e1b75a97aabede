package dev.conduit.core.connection;

import dev.conduit.core.bus.BusMessage;
import java.time.Instant;
import java.util.UUID;

/**
 * A connection as its owner sees it. Immutable (instances travel between verticles by reference).
 *
 * @param credential null while there is no credential
 */
public record Connection(
    UUID id,
    String owner,
    String connector,
    String label,
    ConnectionMetadata metadata,
    ConnectionStatus status,
    String statusReason,
    Instant createdAt,
    Instant updatedAt,
    CredentialSummary credential) implements BusMessage {

  public Connection {
    metadata = metadata == null ? ConnectionMetadata.empty() : metadata;
  }
}
