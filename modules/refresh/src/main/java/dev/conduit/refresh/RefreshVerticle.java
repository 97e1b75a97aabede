package dev.conduit.refresh;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ComponentStatus;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

/**
 * The only code that calls providers' token endpoints.
 *
 * <p>Consumes: {@link Addresses#REFRESH_STATUS}.
 */
public final class RefreshVerticle extends VerticleBase {

  static final String COMPONENT = "refresh";

  @Override
  public Future<?> start() {
    return vertx.eventBus()
        .<Object>consumer(Addresses.REFRESH_STATUS, message -> message.reply(ComponentStatus.ready(COMPONENT)))
        .completion();
  }
}
