package dev.conduit.http;

import dev.conduit.core.bus.RefreshClient;
import dev.conduit.core.bus.RefreshRequest;
import dev.conduit.core.bus.RefreshResult;
import dev.conduit.core.bus.Traced;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.connection.VendReply;
import dev.conduit.core.connection.VendedSecret;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one vend flow. The vault answers with the secret (one bus request: the warm path) or says the token is
 * due; then the RefreshVerticle is asked to refresh it (single flight, across replicas), and the vault is asked
 * again. The second answer is the vault's — the new token, the old one while it is still valid after a transient
 * failure, {@code provider_unavailable} once it has expired, {@code needs_reauth} once the refresh token was found
 * dead — with two exceptions: a connector this deployment has no client for is {@code connector_not_configured}
 * when the old token cannot be served, and a forced vend never gets the token the client reported rejected
 * unless a refresh stored it (now, or inside the forced-refresh window).
 */
final class VendFlow {

  private static final Logger LOG = LoggerFactory.getLogger(VendFlow.class);
  /** When a forced refresh did not happen and no failure was recorded (throttled, no answer): retry soon. */
  private static final Duration RETRY_SOON = Duration.ofSeconds(5);

  private final VaultClient vault;
  private final RefreshClient refresher;

  VendFlow(VaultClient vault, RefreshClient refresher) {
    this.vault = vault;
    this.refresher = refresher;
  }

  Future<VendedSecret> vend(VaultRequest.Vend request) {
    return vault.vend(request).compose(reply -> reply instanceof VendedSecret secret
        ? Future.succeededFuture(secret)
        : refreshThenVend(request));
  }

  private Future<VendedSecret> refreshThenVend(VaultRequest.Vend request) {
    boolean forced = request.mode() == VaultRequest.Vend.Mode.FORCED;
    return refresher.refresh(new RefreshRequest(request.owner(), request.connectionId(), forced, request.requestId()))
        .onFailure(unanswered -> Traced.tag(LOG.atWarn(), request.requestId())
            .setMessage("refresh on read got no answer; vending what the vault has")
            .addKeyValue("connectionId", request.connectionId())
            .addKeyValue("error", unanswered.getClass().getSimpleName()).log())
        .transform(refreshed -> vault.vend(request.afterRefresh())
            .transform(vended -> answer(forced, refreshed.succeeded() ? refreshed.result() : null, vended)));
  }

  /**
   * The vault's second answer, given what the refresh came to ({@code refresh} null: no answer). Status errors
   * ({@code needs_reauth}, {@code revoked}) always win: the vault checks them first.
   */
  private static Future<VendedSecret> answer(boolean forced, RefreshResult refresh, AsyncResult<VendReply> vended) {
    boolean notConfigured = refresh != null && refresh.outcome() == RefreshResult.Outcome.NOT_CONFIGURED;
    boolean forcedFailed = forced && (refresh == null || !refresh.succeeded());
    if (vended.failed()) {
      if (code(vended.cause()) != ErrorCode.PROVIDER_UNAVAILABLE) {
        return Future.failedFuture(vended.cause());
      }
      // expired and not refreshed: say why, so that the client knows whether waiting helps
      return Future.failedFuture(notConfigured ? notConfigured(refresh)
          : forcedFailed ? forcedRefreshFailed(refresh) : vended.cause());
    }
    VendedSecret secret = secret(vended.result());
    if (!forcedFailed) {
      return Future.succeededFuture(secret);
    }
    // the token on hand is the one the client saw the provider reject: answering with it would only repeat that
    return Future.failedFuture(notConfigured ? notConfigured(refresh) : forcedRefreshFailed(refresh));
  }

  private static ConduitException forcedRefreshFailed(RefreshResult refresh) {
    Duration retryAfter = refresh != null && refresh.retryAfter() != null ? refresh.retryAfter() : RETRY_SOON;
    String why = refresh != null && refresh.detail() != null ? " (" + refresh.detail() + ")" : "";
    return ConduitException.retryAfter(ErrorCode.PROVIDER_UNAVAILABLE,
        "the forced refresh failed" + why + "; the token the provider rejected is not returned again; retry"
            + " after the Retry-After delay", retryAfter);
  }

  private static ConduitException notConfigured(RefreshResult refresh) {
    return new ConduitException(ErrorCode.CONNECTOR_NOT_CONFIGURED_FOR_REFRESH,
        refresh.detail() + "; until then the token cannot be refreshed");
  }

  private static ErrorCode code(Throwable failure) {
    if (failure instanceof ConduitException known) {
      return known.code();
    }
    return failure instanceof ReplyException reply ? ErrorCode.fromFailureCode(reply.failureCode())
        : ErrorCode.INTERNAL_ERROR;
  }

  /** After a refresh the vault never answers "due" again; anything else is a broken contract, not a secret. */
  private static VendedSecret secret(VendReply reply) {
    if (reply instanceof VendedSecret secret) {
      return secret;
    }
    throw new IllegalStateException("the vault answered " + reply.getClass().getSimpleName() + " after a refresh");
  }
}
