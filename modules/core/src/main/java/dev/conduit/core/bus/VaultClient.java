package dev.conduit.core.bus;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.VendReply;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/**
 * The HTTP layer's way to talk to the VaultVerticle: callers see records and futures, never addresses. It
 * offers only what a client's request may ask for; opening refresh tokens and signing secrets is for the
 * refresh and notify modules ({@link VaultRefreshClient}, {@link VaultSigningClient}). Failures arrive as
 * {@code ReplyException}s whose failure code is an {@link dev.conduit.core.error.ErrorCode}'s.
 */
public final class VaultClient {

  /** The vault answers from its cache or one database round trip; a lost reply must still be noticed. */
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(30_000).setLocalOnly(true);

  private final EventBus eventBus;
  private final String vendAddress;

  /** A client that sends vends to whichever vault instance the event bus picks. */
  public VaultClient(EventBus eventBus) {
    this(eventBus, Addresses.VAULT_VEND);
  }

  /** A client whose vends go to {@code vendAddress}: a {@link VendAffinity#vendAddress loop's own} vault instance. */
  public VaultClient(EventBus eventBus, String vendAddress) {
    this.eventBus = eventBus;
    this.vendAddress = vendAddress;
  }

  /** The secret, or {@link VendReply.Due}: the vault never refreshes while a vend waits. */
  public Future<VendReply> vend(VaultRequest.Vend request) {
    return eventBus.<VendReply>request(vendAddress, request, OPTIONS).map(Message::body);
  }

  public Future<Connection> deposit(VaultRequest.Deposit request) {
    return eventBus.<Connection>request(Addresses.VAULT_DEPOSIT, request, OPTIONS).map(Message::body);
  }

  /** Records an OAuth flow; the reply carries the PKCE challenge (the verifier never leaves the vault). */
  public Future<FlowStarted> startFlow(VaultRequest.StartFlow request) {
    return eventBus.<FlowStarted>request(Addresses.VAULT_START_FLOW, request, OPTIONS).map(Message::body);
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

  public Future<WebhookRequest.Rotated> rotateWebhookSecret(WebhookRequest.RotateSecret request) {
    return eventBus.<WebhookRequest.Rotated>request(Addresses.VAULT_ROTATE_WEBHOOK_SECRET, request, OPTIONS)
        .map(Message::body);
  }
}
