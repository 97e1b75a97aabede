package dev.conduit.core.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;

/** The NotifyVerticle's way to talk to the vault: it only ever needs an endpoint's signing secrets. */
public final class VaultSigningClient {

  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(30_000).setLocalOnly(true);

  private final EventBus eventBus;

  public VaultSigningClient(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  /** An endpoint's signing secrets, opened from the sealed bytes a delivery claim read. */
  public Future<WebhookRequest.SigningSecrets> openWebhookSecret(WebhookRequest.OpenSecret request) {
    return eventBus.<WebhookRequest.SigningSecrets>request(Addresses.VAULT_OPEN_WEBHOOK_SECRET, request, OPTIONS)
        .map(reply -> reply.body());
  }
}
