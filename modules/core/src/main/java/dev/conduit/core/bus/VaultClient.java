package dev.conduit.core.bus;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.VendedSecret;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/**
 * The typed way to talk to the VaultVerticle: callers see records and futures, never addresses. Failures
 * arrive as {@code ReplyException}s whose failure code is an {@link dev.conduit.core.error.ErrorCode}'s.
 */
public final class VaultClient {

  /** Long enough for a vend that has to wait for a refresh, short enough that a lost reply is noticed. */
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(30_000).setLocalOnly(true);

  private final EventBus eventBus;

  public VaultClient(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  public Future<VendedSecret> vend(VaultRequest.Vend request) {
    return eventBus.<VendedSecret>request(Addresses.VAULT_VEND, request, OPTIONS).map(Message::body);
  }

  public Future<Connection> deposit(VaultRequest.Deposit request) {
    return eventBus.<Connection>request(Addresses.VAULT_DEPOSIT, request, OPTIONS).map(Message::body);
  }

  public Future<Connection> revoke(VaultRequest.Revoke request) {
    return eventBus.<Connection>request(Addresses.VAULT_REVOKE, request, OPTIONS).map(Message::body);
  }

  public Future<Void> delete(VaultRequest.Delete request) {
    return eventBus.request(Addresses.VAULT_DELETE, request, OPTIONS).mapEmpty();
  }

  public Future<WebhookRequest.Created> createWebhook(WebhookRequest.Create request) {
    return eventBus.<WebhookRequest.Created>request(Addresses.VAULT_CREATE_WEBHOOK, request, OPTIONS)
        .map(Message::body);
  }

  /** An endpoint's signing secret, opened from the sealed bytes a delivery claim read. */
  public Future<String> openWebhookSecret(WebhookRequest.OpenSecret request) {
    return eventBus.<OpenedSecret>request(Addresses.VAULT_OPEN_WEBHOOK_SECRET, request, OPTIONS)
        .map(reply -> reply.body().value());
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
}
