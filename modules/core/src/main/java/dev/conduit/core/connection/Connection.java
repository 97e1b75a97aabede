package dev.conduit.core.connection;

import dev.conduit.core.bus.BusMessage;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.UUID;

/**
 * A connection as its owner sees it. Immutable: {@code metadata} is copied in and must not be changed by
 * whoever reads it (instances travel between verticles by reference).
 *
 * @param credential null while there is no credential
 */
public record Connection(
    UUID id,
    String owner,
    String connector,
    String label,
    JsonObject metadata,
    ConnectionStatus status,
    String statusReason,
    Instant createdAt,
    Instant updatedAt,
    CredentialSummary credential) implements BusMessage {

  public Connection {
    metadata = metadata == null ? new JsonObject() : metadata.copy();
  }
}
