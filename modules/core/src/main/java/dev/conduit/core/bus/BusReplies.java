package dev.conduit.core.bus;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers an event-bus request with the outcome of a future: the value, or a failure whose code is the
 * {@link ErrorCode} of a {@link ConduitException}. Anything else is logged here and sent as an internal error
 * without its message, so no exception text (which could quote data) crosses to the HTTP layer.
 */
public final class BusReplies {

  private static final Logger LOG = LoggerFactory.getLogger(BusReplies.class);

  private BusReplies() {
  }

  public static <T> Handler<AsyncResult<T>> to(Message<?> message) {
    return result -> {
      if (result.succeeded()) {
        message.reply(result.result());
      } else if (result.cause() instanceof ConduitException known) {
        message.fail(known.code().failureCode(), known.detail());
      } else {
        Traced.tag(LOG.atError(), message.body() instanceof Traced traced ? traced.requestId() : null)
            .setMessage("request failed").addKeyValue("address", message.address()).setCause(result.cause()).log();
        message.fail(ErrorCode.INTERNAL_ERROR.failureCode(), "internal error");
      }
    };
  }
}
