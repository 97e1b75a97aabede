package dev.conduit.notify;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ComponentStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The notification service: delivers signed webhooks for connection events.
 *
 * <p>Consumes: {@link Addresses#NOTIFY_STATUS}.
 */
public final class NotifyVerticle extends VerticleBase {

  static final String COMPONENT = "notify";

  @Override
  public Future<?> start() {
    return vertx.eventBus()
        .<Object>consumer(Addresses.NOTIFY_STATUS, message -> message.reply(ComponentStatus.ready(COMPONENT)))
        .completion();
  }
}
