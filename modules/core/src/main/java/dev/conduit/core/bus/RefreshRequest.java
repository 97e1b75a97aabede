package dev.conduit.core.bus;

import java.time.Duration;
import java.util.UUID;

/**
 * Asks the RefreshVerticle to refresh one connection's token now (refresh on read). {@code force}: the caller
 * saw the provider reject the token, so refresh whatever the expiry says (still at most once per 30 s).
 */
public record RefreshRequest(String owner, UUID connectionId, boolean force, String requestId)
    implements BusMessage, Traced {

  /**
   * A forced refresh is attempted at most this often per connection, whether it succeeded or not (the client saw
   * the provider reject a token; retrying harder does not help and may get our client rate limited).
   */
  public static final Duration FORCED_INTERVAL = Duration.ofSeconds(30);
}
