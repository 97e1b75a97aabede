package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.HttpException;
import io.vertx.openapi.validation.ValidatorException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: every error, whatever raised it, leaves as a JSON:API error
 * document with a stable code. Unexpected failures are logged with the request id and answered with a bare
 * 500; exception messages are never copied into responses unless they are our own {@link ConduitException}s.
 */
final class Failures implements Handler<RoutingContext> {

  private static final Logger LOG = LoggerFactory.getLogger(Failures.class);
  /**
   * Retry-After of a {@code service_unavailable} that names no wait of its own (a database or a component that
   * did not answer): long enough not to hammer a recovering database, short enough to notice it is back.
   */
  static final Duration UNAVAILABLE_RETRY_AFTER = Duration.ofSeconds(5);

  @Override
  public void handle(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    if (failure instanceof HttpClosedException) {
      // the client went away, or a slow one was cut off (SlowClientGuard): nobody is left to answer
      LOG.atDebug().setMessage("connection closed before the request was answered")
          .addKeyValue("requestId", RequestIds.of(ctx)).log();
      return;
    }
    if (failure instanceof ConduitException known) {
      send(ctx, known);
    } else if (failure instanceof InvalidRequest invalid) {
      JsonApi.sendErrors(ctx, invalid.status(), invalid.errors());
    } else if (failure instanceof ValidatorException
        || failure instanceof HttpException http && http.getCause() instanceof ValidatorException) {
      // our ContractValidator answers with InvalidRequest; vertx-openapi's own English is not for the caller
      JsonApi.sendErrors(ctx, 400, ValidationErrors.single("The request does not match the API contract.",
          new ValidationErrors.Body()));
    } else if (failure instanceof ReplyException reply) {
      sendReplyFailure(ctx, reply);
    } else if (failure instanceof HttpException http) {
      sendStatus(ctx, http.getStatusCode(), failure);
    } else {
      sendStatus(ctx, ctx.statusCode(), failure);
    }
  }

  /** For {@code router.errorHandler(status, ...)}: unmatched routes (404), wrong methods (405) and the like. */
  static Handler<RoutingContext> forStatus(ErrorCode code, String detail) {
    return ctx -> JsonApi.sendError(ctx, code, detail);
  }

  private static void send(RoutingContext ctx, ConduitException e) {
    if (e.code() == ErrorCode.UNAUTHORIZED) {
      ctx.response().putHeader("WWW-Authenticate", BearerChallenge.invalidToken(e.detail()));
    } else if (e instanceof InsufficientScope refused) {
      ctx.response().putHeader("WWW-Authenticate", refused.challenge());
    }
    Duration retryAfter = e.retryAfter() == null && e.code() == ErrorCode.SERVICE_UNAVAILABLE
        ? UNAVAILABLE_RETRY_AFTER : e.retryAfter();
    if (retryAfter != null) {
      // whole seconds, rounded up: a client that waits exactly this long is not refused again
      long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
    }
    JsonApi.sendErrors(ctx, e.code().status(),
        new JsonArray().add(JsonApi.error(e.code(), e.detail(), e.pointer(), e.parameter())));
  }

  private void sendReplyFailure(RoutingContext ctx, ReplyException reply) {
    if (reply.failureType() == ReplyFailure.RECIPIENT_FAILURE) {
      ErrorCode code = ErrorCode.fromFailureCode(reply.failureCode());
      if (code != ErrorCode.INTERNAL_ERROR) {
        send(ctx, new ConduitException(code, reply.getMessage()));
        return;
      }
    }
    LOG.atError().setMessage("internal request failed").addKeyValue("requestId", RequestIds.of(ctx))
        .addKeyValue("failureType", reply.failureType()).addKeyValue("failureCode", reply.failureCode()).log();
    send(ctx, new ConduitException(ErrorCode.SERVICE_UNAVAILABLE, "a Conduit component did not answer; retry later"));
  }

  private static void sendStatus(RoutingContext ctx, int status, Throwable failure) {
    switch (status) {
      case 400 -> JsonApi.sendError(ctx, ErrorCode.VALIDATION_FAILED, "the request is not valid");
      case 401 -> send(ctx, new ConduitException(ErrorCode.UNAUTHORIZED, "a valid bearer token is required"));
      case 404 -> JsonApi.sendError(ctx, ErrorCode.NOT_FOUND, "no such resource");
      case 405 -> JsonApi.sendError(ctx, ErrorCode.METHOD_NOT_ALLOWED, "this method is not allowed here");
      case 413 -> JsonApi.sendError(ctx, ErrorCode.PAYLOAD_TOO_LARGE, "the request body is larger than 64 KiB");
      case 415 -> JsonApi.sendError(ctx, ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the body as application/vnd.api+json or application/json");
      default -> {
        LOG.atError().setMessage("request failed").addKeyValue("requestId", RequestIds.of(ctx))
            .addKeyValue("method", ctx.request().method()).addKeyValue("path", ConnectTokens.redacted(ctx.request().path()))
            .setCause(failure).log();
        JsonApi.sendError(ctx, ErrorCode.INTERNAL_ERROR, "an unexpected error occurred; quote the request id");
      }
    }
  }
}
