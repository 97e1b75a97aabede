package dev.conduit.core.bus;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.Duration;

/** The typed way to ask the RefreshVerticle for a refresh on read. */
public final class RefreshClient {

  private final EventBus eventBus;
  private final DeliveryOptions options;

  /** @param timeout how long a caller waits: a provider call, a rate-limit wait and another replica's claim */
  public RefreshClient(EventBus eventBus, Duration timeout) {
    this.eventBus = eventBus;
    this.options = new DeliveryOptions().setSendTimeout(timeout.toMillis()).setLocalOnly(true);
  }

  public Future<RefreshResult> refresh(RefreshRequest request) {
    return eventBus.<RefreshResult>request(Addresses.REFRESH_CONNECTION, request, options).map(Message::body);
  }
}
