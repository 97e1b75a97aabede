package dev.conduit.core.bus;

import dev.conduit.core.webhook.EventType;
import dev.conduit.core.webhook.WebhookEndpoint;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Webhook requests between the HTTP layer, the vault (secrets) and the NotifyVerticle (URLs, deliveries). */
public sealed interface WebhookRequest extends BusMessage {

  /** To the NotifyVerticle: may deliveries go to this URL? Reply: {@link UrlVerdict}. */
  record CheckUrl(String url) implements WebhookRequest {
  }

  /** To the vault: create an endpoint with a new signing secret. Reply: {@link Created}. */
  record Create(String owner, String url, List<EventType> events) implements WebhookRequest {

    public Create {
      events = List.copyOf(events);
    }
  }

  /** To the vault: replace an endpoint's signing secret. Reply: {@link Rotated}; NOT_FOUND when the owner has none. */
  record RotateSecret(String owner, UUID endpointId) implements WebhookRequest {
  }

  /**
   * To the vault: open an endpoint's signing secrets, as a delivery claim read them: the current one sealed at
   * {@code secretVersion}, and the one a rotation replaced (sealed at {@code secretVersion - 1}) while its overlap
   * lasts, else null. Reply: {@link SigningSecrets}.
   */
  record OpenSecret(String owner, UUID endpointId, long kekKeyId, byte[] wrappedKey, byte[] sealedSecret,
      long secretVersion, byte[] previousSecret) implements WebhookRequest {
  }

  /** The secrets a delivery is signed with: the current one, and the replaced one during an overlap (else null). */
  record SigningSecrets(String current, String previous) implements BusMessage {

    /** Newest first: the order of the signatures in {@code webhook-signature}. */
    public List<String> all() {
      return previous == null ? List.of(current) : List.of(current, previous);
    }

    @Override
    public String toString() {
      return "SigningSecrets[(hidden)]";
    }
  }

  /** Whether a URL is acceptable, and if not, why (said to the owner). */
  record UrlVerdict(boolean allowed, String reason) implements BusMessage {
  }

  /**
   * An endpoint with a new secret, shown once in the rotate response; the replaced secret still signs beside it
   * until {@code previousSecretUntil}. Hidden from {@code toString()}.
   */
  record Rotated(WebhookEndpoint endpoint, String secret, Instant previousSecretUntil) implements BusMessage {

    @Override
    public String toString() {
      return "Rotated[endpoint=" + endpoint.id() + ", secret=(hidden)]";
    }
  }

  /** A new endpoint and its secret: shown once, in the create response. Hidden from {@code toString()}. */
  record Created(WebhookEndpoint endpoint, String secret) implements BusMessage {

    @Override
    public String toString() {
      return "Created[endpoint=" + endpoint.id() + ", secret=(hidden)]";
    }
  }
}
