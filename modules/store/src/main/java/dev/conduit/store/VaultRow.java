package dev.conduit.store;

import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import java.util.UUID;

/**
 * A connection as the vault sees it: status, connector and metadata (which fills {@code {placeholders}} in
 * provider URLs), and its credential (null when there is none).
 */
public record VaultRow(UUID connectionId, String owner, String connector, ConnectionStatus status,
    ConnectionMetadata metadata, StoredCredential credential) {
}
