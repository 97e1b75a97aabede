package dev.conduit.vault;

import dev.conduit.core.bus.FlowClaim;
import dev.conduit.core.bus.FlowStarted;
import dev.conduit.core.bus.Traced;
import dev.conduit.core.bus.VaultRefreshRequest;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.crypto.Digests;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.OAuthFlowRepository;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The vault's half of an OAuth authorization-code flow: it makes the PKCE verifier (RFC 7636), seals it with a
 * data key of its own bound to the flow (owner, "oauth_flow", the connection), and
 * opens it again only when the flow is consumed. The HTTP layer sees only the S256 challenge.
 */
final class OAuthFlows {

  private static final Logger LOG = LoggerFactory.getLogger(OAuthFlows.class);
  private static final String VERIFIER = "pkce_verifier";
  private static final long VERSION = 1;

  private final OAuthFlowRepository flows;
  private final EnvelopeSealer sealer;
  private final VaultMetrics metrics;

  OAuthFlows(OAuthFlowRepository flows, EnvelopeSealer sealer, VaultMetrics metrics) {
    this.flows = flows;
    this.sealer = sealer;
    this.metrics = metrics;
  }

  Future<FlowStarted> start(VaultRequest.StartFlow request) {
    // 256 random bits: a 43-character verifier, the length RFC 7636 §4.1 recommends
    String verifier = Digests.newToken();
    EnvelopeSealer.DataKey key = sealer.newDataKey(subject(request.owner(), request.connectionId()));
    OAuthFlowRepository.NewFlow flow = new OAuthFlowRepository.NewFlow(request.stateHash(), request.connectionId(),
        request.owner(), key.kekKeyId(), key.wrapped(), key.seal(VERIFIER, VERSION, verifier),
        request.redirectAfter(), request.scopes(), request.expiresAt(), request.connectSessionId());
    return flows.insert(flow).compose(inserted -> inserted
        ? Future.succeededFuture(new FlowStarted(challenge(verifier)))
        : Future.failedFuture(new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id")));
  }

  Future<FlowClaim> claim(VaultRefreshRequest.ClaimFlow request) {
    return flows.consume(request.stateHash()).compose(found -> {
      if (found.isEmpty()) {
        return Future.failedFuture(new ConduitException(ErrorCode.NOT_FOUND,
            "no authorization in progress for this state"));
      }
      OAuthFlowRepository.StoredFlow flow = found.get();
      try {
        String verifier = sealer.openDataKey(subject(flow.owner(), flow.connectionId()), flow.wrappedKey(),
            flow.kekKeyId()).open(VERIFIER, VERSION, flow.sealedVerifier());
        return Future.succeededFuture(new FlowClaim(flow.connectionId(), flow.owner(), flow.connector(), verifier,
            flow.redirectAfter(), flow.scopes(), flow.connectSessionId()));
      } catch (SealException e) {
        metrics.openFailure();
        Traced.tag(LOG.atError(), request.requestId()).setMessage("stored PKCE verifier does not open")
            .addKeyValue("connectionId", flow.connectionId()).addKeyValue("reason", e.getMessage()).log();
        return Future.failedFuture(new ConduitException(ErrorCode.SEAL_CORRUPT,
            "the authorization's stored verifier cannot be opened with the configured vault keys"));
      }
    });
  }

  /** S256: base64url(SHA-256(ASCII(verifier))), RFC 7636 §4.2. */
  static String challenge(String verifier) {
    return Digests.base64Url(Digests.sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
  }

  /** Bound to the owner and connection, as the keyset check and the re-wrap of key rotation open these rows. */
  private static SealSubject subject(String owner, UUID connectionId) {
    return new SealSubject(owner, SealSubject.OAUTH_FLOW, connectionId);
  }

}
