package dev.conduit.core.bus;

import java.util.UUID;

/**
 * Asks the RefreshVerticle to refresh one connection's token now (refresh on read). {@code force}: the caller
 * saw the provider reject the token, so refresh whatever the expiry says (still at most once per 30 s).
 */
public record RefreshRequest(String owner, UUID connectionId, boolean force, String requestId)
    implements BusMessage, Traced {
}
