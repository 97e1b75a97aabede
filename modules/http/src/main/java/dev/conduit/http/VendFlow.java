package dev.conduit.http;

import dev.conduit.core.bus.RefreshClient;
import dev.conduit.core.bus.RefreshRequest;
import dev.conduit.core.bus.Traced;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.connection.VendReply;
import dev.conduit.core.connection.VendedSecret;
import io.vertx.core.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one vend flow. The vault answers with the secret (one bus request: the warm path) or says the token is
 * due; then the RefreshVerticle is asked to refresh it (single flight, across replicas), and the vault is asked
 * again. Whatever the refresh came to, the second answer is the vault's: the new token, the old one while it is
 * still valid after a transient failure, {@code provider_unavailable} once it has expired, {@code needs_reauth}
 * once the refresh token was found dead.
 */
final class VendFlow {

  private static final Logger LOG = LoggerFactory.getLogger(VendFlow.class);

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
    return refresher.refresh(new RefreshRequest(request.owner(), request.connectionId(),
            request.mode() == VaultRequest.Vend.Mode.FORCED, request.requestId()))
        .onFailure(unanswered -> Traced.tag(LOG.atWarn(), request.requestId())
            .setMessage("refresh on read got no answer; vending what the vault has")
            .addKeyValue("connectionId", request.connectionId())
            .addKeyValue("error", unanswered.getClass().getSimpleName()).log())
        .transform(refreshed -> vault.vend(request.afterRefresh()))
        .map(VendFlow::secret);
  }

  /** After a refresh the vault never answers "due" again; anything else is a broken contract, not a secret. */
  private static VendedSecret secret(VendReply reply) {
    if (reply instanceof VendedSecret secret) {
      return secret;
    }
    throw new IllegalStateException("the vault answered " + reply.getClass().getSimpleName() + " after a refresh");
  }
}
