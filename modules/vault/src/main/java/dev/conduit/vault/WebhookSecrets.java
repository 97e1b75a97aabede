package dev.conduit.vault;

import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.WebhookRepository;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;

/**
 * Webhook signing secrets: {@code whsec_} and 32 random bytes in base64 (Standard Webhooks), one per endpoint,
 * created and sealed here, shown once to the owner, opened only for signing deliveries.
 *
 * <p>A rotation seals the new secret under the endpoint's existing data key at the next version (versions start
 * at 1 and only grow; the version is in the associated data, so a replaced ciphertext copied back as the current
 * one does not open), and keeps the replaced one, still at its own version, for the overlap.
 */
final class WebhookSecrets {

  private static final String FIELD = "webhook_secret";
  private static final long FIRST_VERSION = 1;
  private static final int SECRET_BYTES = 32;

  private final WebhookRepository webhooks;
  private final EnvelopeSealer sealer;
  private final VaultMetrics metrics;
  private final int webhooksPerOwner;
  private final Duration overlap;
  private final SecureRandom random = new SecureRandom();

  WebhookSecrets(WebhookRepository webhooks, EnvelopeSealer sealer, VaultMetrics metrics, int webhooksPerOwner,
      Duration overlap) {
    this.webhooks = webhooks;
    this.sealer = sealer;
    this.metrics = metrics;
    this.webhooksPerOwner = webhooksPerOwner;
    this.overlap = overlap;
  }

  Future<WebhookRequest.Created> create(WebhookRequest.Create request) {
    UUID id = UUID.randomUUID();
    String secret = newSecret();
    EnvelopeSealer.DataKey key = sealer.newDataKey(new SealSubject(request.owner(), SealSubject.WEBHOOK, id));
    return webhooks.create(id, request.owner(), request.url(), request.events(), key.kekKeyId(), key.wrapped(),
            key.seal(FIELD, FIRST_VERSION, secret), webhooksPerOwner)
        .map(endpoint -> new WebhookRequest.Created(endpoint, secret));
  }

  /**
   * Replaces the endpoint's secret (see {@link WebhookRepository#rotateSecret}); a rotation during an overlap drops
   * the secret the previous rotation replaced, and the overlap starts again.
   */
  Future<WebhookRequest.Rotated> rotate(WebhookRequest.RotateSecret request) {
    String secret = newSecret();
    SealSubject subject = new SealSubject(request.owner(), SealSubject.WEBHOOK, request.endpointId());
    return webhooks.rotateSecret(request.owner(), request.endpointId(), overlap,
            stored -> sealer.openDataKey(subject, stored.wrappedKey(), stored.kekKeyId())
                .seal(FIELD, stored.version() + 1, secret))
        .recover(e -> Future.failedFuture(e instanceof SealException ? countedOpenFailure() : e))
        .compose(rotated -> rotated
            .map(done -> Future.succeededFuture(new WebhookRequest.Rotated(done.endpoint(), secret,
                done.previousSecretUntil())))
            .orElseGet(() -> Future.failedFuture(new ConduitException(ErrorCode.NOT_FOUND, "no webhook with this id"))));
  }

  Future<WebhookRequest.SigningSecrets> open(WebhookRequest.OpenSecret request) {
    try {
      EnvelopeSealer.DataKey key = sealer.openDataKey(
          new SealSubject(request.owner(), SealSubject.WEBHOOK, request.endpointId()), request.wrappedKey(),
          request.kekKeyId());
      return Future.succeededFuture(new WebhookRequest.SigningSecrets(
          key.open(FIELD, request.secretVersion(), request.sealedSecret()),
          key.open(FIELD, request.secretVersion() - 1, request.previousSecret())));
    } catch (SealException e) {
      return Future.failedFuture(countedOpenFailure());
    }
  }

  /** The failure a caller gets for a secret or data key that does not open, counted in the vault's metric. */
  private ConduitException countedOpenFailure() {
    metrics.openFailure();
    return new ConduitException(ErrorCode.SEAL_CORRUPT, "the webhook secret does not open");
  }

  private String newSecret() {
    byte[] bytes = new byte[SECRET_BYTES];
    random.nextBytes(bytes);
    return "whsec_" + Base64.getEncoder().encodeToString(bytes);
  }
}
