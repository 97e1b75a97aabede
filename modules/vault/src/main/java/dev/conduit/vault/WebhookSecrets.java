package dev.conduit.vault;

import dev.conduit.core.bus.OpenedSecret;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.WebhookRepository;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Webhook signing secrets: {@code whsec_} and 32 random bytes in base64 (Standard Webhooks), one per endpoint,
 * created and sealed here, shown once to the owner, opened only for signing deliveries.
 */
final class WebhookSecrets {

  private static final String FIELD = "webhook_secret";
  private static final long VERSION = 1;
  private static final int SECRET_BYTES = 32;

  private final WebhookRepository webhooks;
  private final EnvelopeSealer sealer;
  private final VaultMetrics metrics;
  private final int webhooksPerOwner;
  private final SecureRandom random = new SecureRandom();

  WebhookSecrets(WebhookRepository webhooks, EnvelopeSealer sealer, VaultMetrics metrics, int webhooksPerOwner) {
    this.webhooks = webhooks;
    this.sealer = sealer;
    this.metrics = metrics;
    this.webhooksPerOwner = webhooksPerOwner;
  }

  Future<WebhookRequest.Created> create(WebhookRequest.Create request) {
    UUID id = UUID.randomUUID();
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    String secret = "whsec_" + Base64.getEncoder().encodeToString(bytes);
    EnvelopeSealer.DataKey key = sealer.newDataKey(new SealSubject(request.owner(), SealSubject.WEBHOOK, id));
    return webhooks.create(id, request.owner(), request.url(), request.events(), key.kekKeyId(), key.wrapped(),
            key.seal(FIELD, VERSION, secret), webhooksPerOwner)
        .map(endpoint -> new WebhookRequest.Created(endpoint, secret));
  }

  Future<OpenedSecret> open(WebhookRequest.OpenSecret request) {
    try {
      return Future.succeededFuture(new OpenedSecret(sealer
          .openDataKey(new SealSubject(request.owner(), SealSubject.WEBHOOK, request.endpointId()),
              request.wrappedKey(), request.kekKeyId())
          .open(FIELD, VERSION, request.sealedSecret())));
    } catch (SealException e) {
      metrics.openFailure();
      return Future.failedFuture(new ConduitException(ErrorCode.SEAL_CORRUPT, "the webhook secret does not open"));
    }
  }
}
