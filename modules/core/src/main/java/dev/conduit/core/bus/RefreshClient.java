package dev.conduit.core.bus;

import dev.conduit.core.config.RefreshConfig;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.Message;
import java.time.Duration;

/** The typed way to ask the RefreshVerticle for a refresh on read (the HTTP layer's vend flow). */
public final class RefreshClient {

  /** Slack for the bus and the final bookkeeping, so the RefreshVerticle's own deadline is what ends a wait. */
  private static final Duration SLACK = Duration.ofSeconds(2);

  private final EventBus eventBus;
  private final DeliveryOptions options;

  /**
   * Waits as long as a refresh on read can take: a provider call ({@code refresh.timeout}) after a rate-limit
   * wait ({@code refresh.max-throttle-wait}), or the same while another replica's claim runs, plus slack.
   */
  public RefreshClient(EventBus eventBus, RefreshConfig config) {
    this.eventBus = eventBus;
    this.options = new DeliveryOptions()
        .setSendTimeout(config.timeout().plus(config.maxThrottleWait()).plus(SLACK).toMillis())
        .setLocalOnly(true);
  }

  public Future<RefreshResult> refresh(RefreshRequest request) {
    return eventBus.<RefreshResult>request(Addresses.REFRESH_CONNECTION, request, options).map(Message::body);
  }

  /** Finishes an OAuth flow: consumes the state, exchanges the code, has the vault seal the tokens. */
  public Future<AuthorizationResult> completeAuthorization(AuthorizationCallback callback) {
    return eventBus.<AuthorizationResult>request(Addresses.REFRESH_AUTHORIZATION_CODE, callback, options)
        .map(Message::body);
  }
}
