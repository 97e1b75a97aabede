package dev.conduit.store;

import dev.conduit.core.connection.ConnectionStatus;
import io.vertx.core.json.JsonObject;
import java.util.UUID;

/**
 * A connection as the vault sees it: status, connector and metadata (which fills {@code {placeholders}} in
 * provider URLs), and its credential (null when there is none).
 */
public record VaultRow(UUID connectionId, String owner, String connector, ConnectionStatus status,
    JsonObject metadata, StoredCredential credential) {
}
