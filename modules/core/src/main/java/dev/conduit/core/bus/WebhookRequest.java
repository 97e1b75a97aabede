package dev.conduit.core.bus;

import dev.conduit.core.webhook.EventType;
import dev.conduit.core.webhook.WebhookEndpoint;
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

  /** To the vault: open an endpoint's signing secret, as a delivery claim read it. Reply: {@link OpenedSecret}. */
  record OpenSecret(String owner, UUID endpointId, long kekKeyId, byte[] wrappedKey, byte[] sealedSecret)
      implements WebhookRequest {
  }

  /** Whether a URL is acceptable, and if not, why (said to the owner). */
  record UrlVerdict(boolean allowed, String reason) implements BusMessage {
  }

  /** A new endpoint and its secret: shown once, in the create response. Hidden from {@code toString()}. */
  record Created(WebhookEndpoint endpoint, String secret) implements BusMessage {

    @Override
    public String toString() {
      return "Created[endpoint=" + endpoint.id() + ", secret=(hidden)]";
    }
  }
}
