package dev.conduit.core.bus;

import dev.conduit.core.connection.Connection;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/**
 * The RefreshVerticle's way to talk to the vault: open the refresh token a claim read, and commit refreshed
 * tokens. The only client that can ask for a refresh token in plaintext, so only the refresh module holds one.
 */
public final class VaultRefreshClient {

  /** Both are one decrypt or one fenced update; a lost reply must be noticed well inside a claim's lease. */
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(30_000).setLocalOnly(true);

  private final EventBus eventBus;

  public VaultRefreshClient(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /** The refresh token, opened from the sealed bytes a refresh claim read. */
  public Future<String> openRefreshToken(VaultRefreshRequest.Open request) {
    return eventBus.<OpenedSecret>request(Addresses.VAULT_OPEN_REFRESH, request, OPTIONS)
        .map(reply -> reply.body().value());
  }

  /** True when the refreshed tokens were stored; false when the credential moved on and nothing was written. */
  public Future<Boolean> commitRefresh(VaultRefreshRequest.Commit request) {
    return eventBus.<VaultRefreshRequest.Committed>request(Addresses.VAULT_COMMIT_REFRESH, request, OPTIONS)
        .map(reply -> reply.body().committed());
  }

  /** Consumes an OAuth flow and opens its PKCE verifier; fails with {@code not_found} for an unusable state. */
  public Future<FlowClaim> claimFlow(VaultRefreshRequest.ClaimFlow request) {
    return eventBus.<FlowClaim>request(Addresses.VAULT_CLAIM_FLOW, request, OPTIONS).map(reply -> reply.body());
  }

  /** Seals the tokens of a completed authorization and activates the connection: the same path as a deposit. */
  public Future<Connection> deposit(VaultRequest.Deposit request) {
    return eventBus.<Connection>request(Addresses.VAULT_DEPOSIT, request, OPTIONS).map(reply -> reply.body());
  }
}
