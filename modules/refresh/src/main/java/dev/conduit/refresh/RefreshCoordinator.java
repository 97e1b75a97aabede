package dev.conduit.refresh;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ProviderRevocation;
import dev.conduit.core.bus.RefreshRequest;
import dev.conduit.core.bus.RefreshResult;
import dev.conduit.core.bus.RefreshResult.Outcome;
import dev.conduit.core.bus.Traced;
import dev.conduit.core.bus.VaultRefreshClient;
import dev.conduit.core.bus.VaultRefreshRequest;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientCredentials;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.lifecycle.Backoff;
import dev.conduit.core.lifecycle.RefreshSchedule;
import dev.conduit.store.AuditWriter;
import dev.conduit.store.DatabaseUnavailable;
import dev.conduit.store.RefreshRepository;
import dev.conduit.store.RefreshRepository.Claim;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refreshes one credential at a time per connection, across replicas: an in-process single flight, a claim
 * (lease) on the row in the database, a reload before calling the provider, and a commit fenced on the version
 * that was read. Records every outcome: new tokens, a dead refresh token ({@code needs_reauth} and its event in
 * one transaction), a refused client (an alarm, connections untouched), or a transient failure (backoff, status
 * untouched). Runs on the RefreshVerticle's event loop.
 */
final class RefreshCoordinator {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshCoordinator.class);
  /** A forced refresh (the client saw the provider reject a token) is tried at most this often per connection. */
  static final Duration FORCED_REFRESH_INTERVAL = RefreshRequest.FORCED_INTERVAL;
  private static final long WAIT_POLL_MS = 100;
  static final String LOST_IN_FLIGHT = "refresh_token_lost_in_flight";

  private final Vertx vertx;
  private final RefreshRepository repository;
  private final VaultRefreshClient vault;
  private final TokenExchanger exchanger;
  private final ConnectorRateLimiters limiters;
  private final ConnectorAlarms alarms;
  private final ProviderRevoker revoker;
  private final RefreshMetrics metrics;
  private final Catalog catalog;
  private final ClientRegistry clients;
  private final RefreshConfig config;
  private final String node;
  private final Backoff backoff;
  private final Clock clock;
  private final AuditWriter audit;
  /** The refreshes running here, by connection: a refresh of one already running is joined, not started again. */
  private final Map<UUID, Flight> inFlight = new HashMap<>();

  /** One refresh running here, and whether it holds the connection's claim (a read waiting for a claim does not). */
  private static final class Flight {
    boolean holdsClaim;
    Future<RefreshResult> result;

    Flight(boolean holdsClaim) {
      this.holdsClaim = holdsClaim;
    }
  }

  RefreshCoordinator(Vertx vertx, RefreshRepository repository, VaultRefreshClient vault, TokenExchanger exchanger,
      ConnectorRateLimiters limiters, ConnectorAlarms alarms, ProviderRevoker revoker, RefreshMetrics metrics,
      Catalog catalog, ClientRegistry clients, RefreshConfig config, String node, Clock clock, AuditWriter audit) {
    this.vertx = vertx;
    this.repository = repository;
    this.vault = vault;
    this.exchanger = exchanger;
    this.limiters = limiters;
    this.alarms = alarms;
    this.revoker = revoker;
    this.metrics = metrics;
    this.catalog = catalog;
    this.clients = clients;
    this.config = config;
    this.node = node;
    this.backoff = new Backoff(Duration.ofSeconds(2), config.maxBackoff());
    this.clock = clock;
    this.audit = audit;
  }

  /**
   * One refresh under a claim: whether it was forced, and the HTTP request that asked for it (null for the
   * sweep), whose id goes into every log line of the attempt.
   */
  private record Attempt(Claim claim, boolean force, String requestId) {
  }

  /** Refresh on read: joins a refresh of the same connection already in flight here. */
  Future<RefreshResult> onRead(RefreshRequest request) {
    Flight running = inFlight.get(request.connectionId());
    if (running != null) {
      return running.result;
    }
    return fly(request.connectionId(), request.requestId(), false, flight -> repository
        .acquire(request.owner(), request.connectionId(), node, config.lease())
        .compose(claim -> {
          if (claim.isEmpty()) {
            return waitForOtherReplica(request);
          }
          flight.holdsClaim = true;
          return audited(new Attempt(claim.get(), request.force(), request.requestId()));
        }));
  }

  /**
   * Completes once every refresh running now has ended, each having recorded its outcome or given its claim back
   * (a failure of one does not fail this).
   */
  Future<Void> idle() {
    return Future.join(inFlight.values().stream().map(flight -> flight.result).toList()).<Void>mapEmpty()
        .otherwiseEmpty();
  }

  /**
   * A credential the sweep claimed. A refresh running here that holds no claim is a read waiting for whoever holds
   * it (or about to find it held): that is now the sweep itself, so joining the read would keep the claim unused
   * until its lease ran out. The sweep refreshes instead, and the read sees the outcome in the database.
   */
  Future<RefreshResult> claimed(Claim claim) {
    Flight running = inFlight.get(claim.connectionId());
    if (running != null && running.holdsClaim) {
      return running.result;
    }
    return fly(claim.connectionId(), null, true, flight -> audited(new Attempt(claim, false, null)));
  }

  /** The attempt, recorded in the owner's audit trail unless it came to nothing (no refresh was wanted). */
  private Future<RefreshResult> audited(Attempt attempt) {
    return refreshIfStillDue(attempt).andThen(done -> {
      // a failure here is an outage: nothing was changed that could be recorded
      if (done.succeeded() && done.result().outcome() != Outcome.CURRENT) {
        Outcome outcome = done.result().outcome();
        audit.record(AuditEntry.of(attempt.claim().owner(),
            outcome == Outcome.NEEDS_REAUTH ? AuditAction.NEEDS_REAUTH : AuditAction.REFRESH,
            attempt.claim().connectionId(), auditOutcome(outcome), AuditEntry.SYSTEM, attempt.requestId()));
      }
    });
  }

  /** The error code a vend meets after such an attempt; {@code ok} for a refresh and for the flip to needs_reauth. */
  static String auditOutcome(Outcome outcome) {
    return switch (outcome) {
      case REFRESHED, CURRENT, NEEDS_REAUTH -> AuditEntry.OK;
      case TRANSIENT_FAILURE, THROTTLED -> ErrorCode.PROVIDER_UNAVAILABLE.code();
      case CLIENT_REJECTED, NOT_CONFIGURED -> ErrorCode.CONNECTOR_NOT_CONFIGURED.code();
    };
  }

  /**
   * Runs {@code refresh} as the refresh of the connection that later reads join (in place of a read that was
   * waiting, if any: that one finishes on its own).
   */
  private Future<RefreshResult> fly(UUID connectionId, String requestId, boolean holdsClaim,
      Function<Flight, Future<RefreshResult>> refresh) {
    Flight flight = new Flight(holdsClaim);
    flight.result = refresh.apply(flight)
        .recover(e -> {
          if (DatabaseUnavailable.isUnavailable(e)) {
            // an outage, not a fault of this refresh: the caller answers 503 service_unavailable with Retry-After,
            // and the readiness check and the background jobs already say it once in the log
            Traced.tag(LOG.atDebug(), requestId).setMessage("refresh stopped: the database is not answering")
                .addKeyValue("connectionId", connectionId).log();
            return Future.failedFuture(DatabaseUnavailable.failure());
          }
          Traced.tag(LOG.atError(), requestId).setMessage("refresh failed unexpectedly")
              .addKeyValue("connectionId", connectionId).setCause(e).log();
          return Future.succeededFuture(new RefreshResult(Outcome.TRANSIENT_FAILURE, "internal error"));
        });
    if (!flight.result.isComplete()) {
      inFlight.put(connectionId, flight);
      flight.result.onComplete(done -> inFlight.remove(connectionId, flight));
    }
    return flight.result;
  }

  /**
   * Reload before refresh: with the claim held, re-check whether a refresh is still wanted. A connector without
   * a client here is reported as such before anything else (no attempt is made, so none counts as forced).
   */
  private Future<RefreshResult> refreshIfStillDue(Attempt attempt) {
    Claim claim = attempt.claim();
    Instant now = clock.instant();
    boolean due = claim.refreshDueAt() != null && !now.isBefore(claim.refreshDueAt());
    if (!due && !attempt.force()) {
      return release(claim, RefreshResult.of(Outcome.CURRENT));
    }
    Optional<Connector> connector = catalog.find(claim.connector()).filter(Connector::isOAuth);
    if (connector.isEmpty()) {
      return record(attempt, Outcome.CLIENT_REJECTED, now.plus(config.maxBackoff()), true,
          "the connector is not in the catalog", false);
    }
    Optional<ClientCredentials> client = clients.find(claim.connector());
    if (client.isEmpty() || !clients.isConfigured(connector.get())) {
      return notConfigured(attempt, now, due);
    }
    if (attempt.force()) {
      Optional<RefreshResult> recent = lastForcedAttempt(claim, now);
      if (recent.isPresent()) {
        return release(claim, recent.get());
      }
    }
    if (claim.sealedRefreshToken() == null) {
      return release(claim, RefreshResult.of(Outcome.CURRENT));
    }
    return vault.openRefreshToken(new VaultRefreshRequest.Open(claim.owner(), claim.connectionId(),
            claim.secretVersion(), claim.kekKeyId(), claim.wrappedKey(), claim.sealedRefreshToken(),
            attempt.requestId()))
        .compose(refreshToken -> urlParameters(claim, connector.get())
            .compose(parameters -> callProvider(attempt, connector.get(), client.get(), refreshToken, parameters)));
  }

  /**
   * Nothing can be refreshed until an operator sets the client's variables; the detail names them. A due
   * credential is deferred (as after a failure); a forced vend of one not yet due leaves its schedule alone.
   */
  private Future<RefreshResult> notConfigured(Attempt attempt, Instant now, boolean due) {
    Claim claim = attempt.claim();
    String detail = ClientRegistry.missingClientDetail(claim.connector());
    metrics.refreshed(claim.connector(), Outcome.NOT_CONFIGURED);
    Traced.tag(LOG.atInfo(), attempt.requestId()).setMessage("refresh not possible: connector not configured")
        .addKeyValue("connectionId", claim.connectionId()).addKeyValue("connector", claim.connector()).log();
    RefreshResult result = new RefreshResult(Outcome.NOT_CONFIGURED, detail);
    return due
        ? repository.defer(claim.connectionId(), node, now.plus(config.maxBackoff()), true, detail, false).map(result)
        : release(claim, result);
  }

  /**
   * A forced refresh within {@link #FORCED_REFRESH_INTERVAL} of the last refresh, successful or forced and failed,
   * makes no call: it gets that refresh's outcome again — the tokens it stored, or its failure.
   */
  private static Optional<RefreshResult> lastForcedAttempt(Claim claim, Instant now) {
    Instant succeeded = claim.lastRefreshedAt();
    Instant failed = claim.forcedRefreshFailedAt();
    boolean lastFailed = failed != null && (succeeded == null || failed.isAfter(succeeded));
    Instant last = lastFailed ? failed : succeeded;
    if (last == null || !last.plus(FORCED_REFRESH_INTERVAL).isAfter(now)) {
      return Optional.empty();
    }
    return Optional.of(lastFailed
        ? new RefreshResult(Outcome.TRANSIENT_FAILURE, claim.lastError(),
            Duration.between(now, failed.plus(FORCED_REFRESH_INTERVAL)))
        : RefreshResult.of(Outcome.CURRENT));
  }

  /** The connection's metadata, read only for the few connectors whose URLs have {@code {placeholders}}. */
  private Future<Map<String, String>> urlParameters(Claim claim, Connector connector) {
    return connector.oauth().refreshEndpoint().contains("{")
        ? repository.urlParameters(claim.owner(), claim.connectionId())
        : Future.succeededFuture(Map.of());
  }

  /**
   * Marks the refresh token as sent, then calls once the connector's limiter allows. The mark comes first so that
   * the call follows its permit at once (the limiter's pacing is what the provider sees); a replica that dies while
   * waiting for a permit leaves a mark for a call never made, which only matters if the provider then refuses the
   * token anyway.
   */
  private Future<RefreshResult> callProvider(Attempt attempt, Connector connector, ClientCredentials client,
      String refreshToken, Map<String, String> urlParameters) {
    Claim claim = attempt.claim();
    return repository.markSent(claim.connectionId(), node, claim.secretVersion()).compose(marked -> !marked
        ? claimLost(attempt)
        : limiters.acquire(connector.id(), () -> metrics.throttleWait(connector.id())).compose(permitted -> {
          if (!permitted) {
            // no call was made, so this does not count as the forced attempt (and the mark is cleared)
            return record(attempt, Outcome.THROTTLED, clock.instant().plus(config.maxThrottleWait()), false,
                "waiting for the connector's rate limit", false);
          }
          return exchanger.refresh(connector, client, refreshToken, urlParameters)
              .compose(outcome -> apply(attempt, connector, refreshToken, outcome));
        }));
  }

  /**
   * The claim lapsed, or the credential moved on (a new deposit), since it was taken: calling now could spend a
   * refresh token another replica is using, so no call is made and nothing is recorded — the claim is not ours.
   */
  private Future<RefreshResult> claimLost(Attempt attempt) {
    Claim claim = attempt.claim();
    metrics.refreshed(claim.connector(), Outcome.TRANSIENT_FAILURE);
    Traced.tag(LOG.atWarn(), attempt.requestId()).setMessage("refresh not attempted: the claim lapsed before the call")
        .addKeyValue("connectionId", claim.connectionId()).log();
    return Future.succeededFuture(new RefreshResult(Outcome.TRANSIENT_FAILURE,
        "the refresh claim lapsed before the provider was called"));
  }

  private Future<RefreshResult> apply(Attempt attempt, Connector connector, String refreshToken,
      ExchangeOutcome outcome) {
    Claim claim = attempt.claim();
    Instant now = clock.instant();
    if (outcome instanceof ExchangeOutcome.Success success) {
      alarms.clear(connector.id());
      return commit(attempt, refreshToken, success.tokens(), now);
    }
    if (outcome instanceof ExchangeOutcome.DeadRefreshToken dead) {
      String reason = claim.refreshInDoubt() ? LOST_IN_FLIGHT : dead.errorCode();
      String detail = claim.refreshInDoubt()
          ? "an earlier refresh call got no answer and the provider has since rejected the refresh token ("
              + dead.errorCode() + "); the token was probably rotated by the lost call"
          : "the provider rejected the refresh token (" + dead.errorCode() + ")";
      return repository.needsReauth(claim.owner(), claim.connectionId(), reason, detail)
          .map(event -> {
            event.ifPresent(e -> vertx.eventBus().publish(Addresses.CONNECTION_NEEDS_REAUTH, e));
            metrics.refreshed(connector.id(), Outcome.NEEDS_REAUTH);
            Traced.tag(LOG.atWarn(), attempt.requestId()).setMessage("connection needs re-authorization")
                .addKeyValue("connectionId", claim.connectionId()).addKeyValue("connector", connector.id())
                .addKeyValue("reason", reason).log();
            return new RefreshResult(Outcome.NEEDS_REAUTH, detail);
          });
    }
    if (outcome instanceof ExchangeOutcome.ClientRejected rejected) {
      alarms.raise(connector.id(), rejected.errorCode());
      String problem = "the provider refused this deployment's OAuth client (" + rejected.errorCode() + ")";
      return record(attempt, Outcome.CLIENT_REJECTED, now.plus(backoff.delay(claim.failureCount(), null)), true,
          problem, false);
    }
    ExchangeOutcome.Transient failure = (ExchangeOutcome.Transient) outcome;
    return record(attempt, Outcome.TRANSIENT_FAILURE,
        now.plus(backoff.delay(claim.failureCount(), failure.retryAfter())), true, failure.reason(),
        failure.inDoubt());
  }

  /**
   * New tokens are committed (fenced on the version read and on our claim) before anyone is told of them. The
   * rotation rule: a refresh token in the answer replaces ours; none keeps ours.
   */
  private Future<RefreshResult> commit(Attempt attempt, String currentRefreshToken, TokenResponse tokens,
      Instant now) {
    Claim claim = attempt.claim();
    Instant expiresAt = now.plus(tokens.expiresIn() != null ? tokens.expiresIn() : config.defaultTokenLifetime());
    VaultRefreshRequest.Commit commit = new VaultRefreshRequest.Commit(claim.owner(), claim.connectionId(),
        claim.secretVersion(), node, tokens.accessToken(),
        tokens.refreshToken() != null ? tokens.refreshToken() : currentRefreshToken, tokens.tokenType(),
        tokens.scopes() != null ? tokens.scopes() : claim.scopes(), now, expiresAt,
        RefreshSchedule.refreshDueAt(now, expiresAt, config.lead(), true), attempt.requestId());
    return vault.commitRefresh(commit)
        .compose(committed -> committed
            ? Future.succeededFuture(Outcome.REFRESHED)
            : notStored(attempt, tokens).map(Outcome.CURRENT))
        .map(outcome -> {
          metrics.refreshed(claim.connector(), outcome);
          return RefreshResult.of(outcome);
        })
        .recover(e -> record(attempt, Outcome.TRANSIENT_FAILURE, now.plus(backoff.delay(claim.failureCount(), null)),
            true, "the refreshed tokens could not be stored", true));
  }

  /**
   * The provider answered with new tokens that could not be stored because the credential changed meanwhile. If it
   * is gone, the connection was revoked or deleted while the call was in flight: its revocation at the provider
   * named the refresh token it found, which this call may just have rotated, so what this call produced is revoked
   * too. Otherwise (a lapsed claim, a new deposit) the newer credential stands and the provider's grant is left
   * alone: for some providers revoking any token ends the whole grant.
   */
  private Future<Void> notStored(Attempt attempt, TokenResponse tokens) {
    Claim claim = attempt.claim();
    return repository.peek(claim.owner(), claim.connectionId()).map(current -> {
      if (current.isPresent()) {
        Traced.tag(LOG.atWarn(), attempt.requestId())
            .setMessage("refreshed tokens not stored: the credential changed meanwhile (claim lapsed?)")
            .addKeyValue("connectionId", claim.connectionId()).log();
        return null;
      }
      Traced.tag(LOG.atInfo(), attempt.requestId())
          .setMessage("connection revoked during the refresh: the new tokens are revoked at the provider")
          .addKeyValue("connectionId", claim.connectionId()).addKeyValue("connector", claim.connector()).log();
      revoker.revoke(tokens.refreshToken() != null
          ? new ProviderRevocation(claim.connector(), tokens.refreshToken(), "refresh_token", attempt.requestId())
          : new ProviderRevocation(claim.connector(), tokens.accessToken(), "access_token", attempt.requestId()));
      return null;
    });
  }

  /**
   * Gives the claim back with the next attempt at {@code nextAttempt}. A failed forced attempt is remembered, so
   * that forced vends for the next {@link #FORCED_REFRESH_INTERVAL} get this failure without a call.
   */
  private Future<RefreshResult> record(Attempt attempt, Outcome outcome, Instant nextAttempt, boolean failed,
      String detail, boolean inDoubt) {
    Claim claim = attempt.claim();
    boolean forcedFailure = attempt.force() && failed;
    metrics.refreshed(claim.connector(), outcome);
    Traced.tag(LOG.atInfo(), attempt.requestId()).setMessage("refresh deferred")
        .addKeyValue("connectionId", claim.connectionId()).addKeyValue("connector", claim.connector())
        .addKeyValue("outcome", outcome).addKeyValue("reason", detail).addKeyValue("forced", attempt.force()).log();
    return repository.defer(claim.connectionId(), node, nextAttempt, failed, detail, inDoubt,
            forcedFailure ? clock.instant() : null)
        .map(new RefreshResult(outcome, detail, forcedFailure ? FORCED_REFRESH_INTERVAL : null));
  }

  private Future<RefreshResult> release(Claim claim, RefreshResult result) {
    return repository.release(claim.connectionId(), node).map(result);
  }

  /**
   * Another replica holds the claim: wait for it to finish, then report whether it moved the credential on
   * (the caller re-reads it) or failed (the caller falls back to the token it has).
   */
  private Future<RefreshResult> waitForOtherReplica(RefreshRequest request) {
    long deadline = System.nanoTime() + config.timeout().plus(config.maxThrottleWait()).toNanos();
    return repository.peek(request.owner(), request.connectionId()).compose(start -> {
      if (start.isEmpty() || !start.get().leased()) {
        return Future.succeededFuture(RefreshResult.of(Outcome.CURRENT));
      }
      Promise<RefreshResult> done = Promise.promise();
      poll(request, start.get().secretVersion(), deadline, done);
      return done.future();
    });
  }

  private void poll(RefreshRequest request, long startVersion, long deadline, Promise<RefreshResult> done) {
    vertx.setTimer(WAIT_POLL_MS, id -> repository.peek(request.owner(), request.connectionId())
        .onFailure(done::fail)
        .onSuccess(state -> {
          if (state.isEmpty() || state.get().secretVersion() != startVersion) {
            done.complete(RefreshResult.of(Outcome.CURRENT));
          } else if (!state.get().leased()) {
            done.complete(RefreshResult.of(Outcome.TRANSIENT_FAILURE));
          } else if (System.nanoTime() > deadline) {
            done.complete(new RefreshResult(Outcome.TRANSIENT_FAILURE, "another replica's refresh is still running"));
          } else {
            poll(request, startVersion, deadline, done);
          }
        }));
  }
}
