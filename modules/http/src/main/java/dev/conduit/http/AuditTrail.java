package dev.conduit.http;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.http.auth.Caller;
import dev.conduit.store.AuditWriter;
import io.vertx.core.AsyncResult;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.UUID;

/**
 * Records what a request did in the owner's audit trail, with its final outcome: {@code ok} or the error code the
 * caller was answered with. The HTTP layer records what callers ask for, because only it knows who asked (the
 * caller's JWT or API key) and how the request ended (a vend may take the vault twice and a refresh in between).
 */
final class AuditTrail {

  private final AuditWriter writer;

  AuditTrail(AuditWriter writer) {
    this.writer = writer;
  }

  /** Records {@code action} on {@code connectionId} (null: none) for the request's caller, as {@code result} ended. */
  void record(RoutingContext ctx, AuditAction action, UUID connectionId, AsyncResult<?> result) {
    Caller caller = BearerAuthentication.caller(ctx);
    // the actor: the JWT's owner claim (sub by default), or api_key:<prefix> for a key
    writer.record(AuditEntry.of(caller.owner(), action, connectionId, outcome(result), caller.actor(),
        RequestIds.of(ctx)));
  }

  /** Records a proxy call with the provider path it went to (no query string) and the status it was answered. */
  void recordProxy(RoutingContext ctx, UUID connectionId, String path, int statusCode, AsyncResult<?> result) {
    String owner = BearerAuthentication.owner(ctx);
    writer.record(new AuditEntry(owner, Instant.now(), AuditAction.PROXY, connectionId, outcome(result), owner,
        RequestIds.of(ctx), ctx.request().method().name(), path, statusCode));
  }

  /**
   * Records a successful {@code action} nobody's token asked for: an end user's on a connect page (the session,
   * not a JWT, identifies the owner).
   */
  void recordSystem(String owner, AuditAction action, UUID connectionId, String requestId) {
    writer.record(AuditEntry.of(owner, action, connectionId, AuditEntry.OK, AuditEntry.SYSTEM, requestId));
  }

  /** {@code ok}, or the stable code of the error the caller gets: a code, never a message. */
  static String outcome(AsyncResult<?> result) {
    if (result.succeeded()) {
      return AuditEntry.OK;
    }
    Throwable failure = result.cause();
    if (failure instanceof ConduitException known) {
      return known.code().code();
    }
    if (failure instanceof ReplyException reply) {
      // as Failures answers it: a component's own failure code, else the component did not answer
      ErrorCode code = reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
          ? ErrorCode.fromFailureCode(reply.failureCode()) : ErrorCode.INTERNAL_ERROR;
      return (code == ErrorCode.INTERNAL_ERROR ? ErrorCode.SERVICE_UNAVAILABLE : code).code();
    }
    return ErrorCode.INTERNAL_ERROR.code();
  }
}
