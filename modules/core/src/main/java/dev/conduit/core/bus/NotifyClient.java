package dev.conduit.core.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;

/** The typed way to talk to the NotifyVerticle. */
public final class NotifyClient {

  /** A URL check resolves the host: allow for a slow resolver. */
  private static final DeliveryOptions OPTIONS = new DeliveryOptions().setSendTimeout(15_000).setLocalOnly(true);

  private final EventBus eventBus;

  public NotifyClient(EventBus eventBus) {
    this.eventBus = eventBus;
  }

  public Future<WebhookRequest.UrlVerdict> checkUrl(String url) {
    return eventBus.<WebhookRequest.UrlVerdict>request(Addresses.NOTIFY_CHECK_URL, new WebhookRequest.CheckUrl(url),
        OPTIONS).map(Message::body);
  }

  /** Deliveries were queued: dispatchers should look now rather than at their next poll. */
  public void wake() {
    eventBus.publish(Addresses.NOTIFY_WAKE, null);
  }
}
