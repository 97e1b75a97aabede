package dev.conduit.store;

import dev.conduit.core.connection.ConnectionStatus;
import java.util.UUID;

/** A connection as the vault sees it: status and connector, and its credential (null when there is none). */
public record VaultRow(UUID connectionId, String owner, String connector, ConnectionStatus status,
    StoredCredential credential) {
}
