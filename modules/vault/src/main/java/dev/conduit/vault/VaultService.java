package dev.conduit.vault;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.core.bus.OpenedSecret;
import dev.conduit.core.bus.ProviderRevocation;
import dev.conduit.core.bus.Traced;
import dev.conduit.core.bus.VaultRefreshRequest;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.connection.VendReply;
import dev.conduit.core.connection.VendedSecret;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.lifecycle.RefreshSchedule;
import dev.conduit.store.CredentialChange;
import dev.conduit.store.CredentialRepository;
import dev.conduit.store.DatabaseUnavailable;
import dev.conduit.store.SealedFields;
import dev.conduit.store.StoredCredential;
import dev.conduit.store.VaultRow;
import dev.conduit.core.webhook.EventType;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the vault does for each request: the only code that seals and opens secrets. The HTTP layer has already
 * authenticated the owner; every read and change here is scoped to that owner in SQL.
 */
final class VaultService {

  private static final Logger LOG = LoggerFactory.getLogger(VaultService.class);
  private static final String REVOKED_BY_OWNER = "revoked_by_owner";

  private final CredentialRepository credentials;
  private final EnvelopeSealer sealer;
  private final Duration refreshLead;
  private final EventBus eventBus;
  private final VaultMetrics metrics;
  private final Clock clock;
  private final VendCache cache;
  private final ChangeFeed feed;

  VaultService(CredentialRepository credentials, EnvelopeSealer sealer, Duration refreshLead, EventBus eventBus,
      VaultMetrics metrics, Clock clock, VendCache cache, ChangeFeed feed) {
    this.credentials = credentials;
    this.sealer = sealer;
    this.refreshLead = refreshLead;
    this.eventBus = eventBus;
    this.metrics = metrics;
    this.clock = clock;
    this.cache = cache;
    this.feed = feed;
  }

  /**
   * The hot path. Warm: a freshness barrier shared with concurrent vends, then the cached row and data key, and
   * one decrypt. Cold, or while the change feed is down: one owner-scoped read, then the same. A token that is
   * due is not refreshed here: the answer is {@link VendReply.Due}, and the caller asks the RefreshVerticle, then
   * vends again {@linkplain VaultRequest.Vend.Mode#AFTER_REFRESH after the refresh} — which reads the database
   * and serves the old token while it is still valid if the refresh failed.
   */
  Future<VendReply> vend(VaultRequest.Vend request) {
    Future<VendCache.Entry> current = request.mode() == VaultRequest.Vend.Mode.AFTER_REFRESH
        ? read(request, false)
        : current(request);
    return current.transform(result -> {
      if (result.failed()) {
        return Future.failedFuture(counted(null, result.cause(), request));
      }
      VendCache.Entry entry = result.result();
      if (due(entry.row(), request.mode())) {
        return Future.succeededFuture(VendReply.Due.INSTANCE);
      }
      try {
        VendedSecret secret = open(unexpired(entry.row()), entry.key(), request.requestId());
        metrics.vend(secret.connector(), "ok");
        return Future.succeededFuture(secret);
      } catch (ConduitException e) {
        return Future.failedFuture(counted(entry.row(), e, request));
      }
    });
  }

  /** The connection's row and opened data key, if it may be vended at all (status, credential present). */
  private Future<VendCache.Entry> current(VaultRequest.Vend request) {
    if (!feed.healthy()) {
      return read(request, false);
    }
    return feed.barrier().compose(
        fresh -> {
          VendCache.Entry entry = cache.get(request.owner(), request.connectionId());
          return entry == null ? read(request, true) : Future.succeededFuture(entry);
        },
        // a barrier that timed out met a silent database: a read now would wait out a second timeout
        feedDown -> DatabaseUnavailable.isUnavailable(feedDown) ? Future.failedFuture(DatabaseUnavailable.failure())
            : read(request, false));
  }

  private Future<VendCache.Entry> read(VaultRequest.Vend request, boolean keep) {
    long generation = cache.generation();
    return credentials.find(request.owner(), request.connectionId()).map(found -> {
      VaultRow row = usable(found);
      EnvelopeSealer.DataKey key = openKey(row, request.requestId());
      if (keep) {
        cache.put(generation, row, key);
      }
      return new VendCache.Entry(row, key, 0);
    });
  }

  /** Whether the caller must refresh before it gets the token: never after a refresh, and only with a refresh token. */
  private boolean due(VaultRow row, VaultRequest.Vend.Mode mode) {
    StoredCredential credential = row.credential();
    if (mode == VaultRequest.Vend.Mode.AFTER_REFRESH || credential.kind() != CredentialKind.OAUTH2
        || credential.sealed().refreshToken() == null) {
      return false;
    }
    return mode == VaultRequest.Vend.Mode.FORCED
        || (credential.refreshDueAt() != null && !clock.instant().isBefore(credential.refreshDueAt()));
  }

  private ConduitException counted(VaultRow row, Throwable failure, VaultRequest.Vend request) {
    ConduitException e = failure instanceof ConduitException known ? known
        : new ConduitException(ErrorCode.INTERNAL_ERROR, "internal error");
    metrics.vend(row == null ? "none" : row.connector(), e.code().code());
    if (!(failure instanceof ConduitException)) {
      Traced.tag(LOG.atError(), request.requestId()).setMessage("vend failed")
          .addKeyValue("connectionId", request.connectionId()).setCause(failure).log();
    }
    return e;
  }

  /** The row, if its connection exists and holds a credential that may be vended. */
  private VaultRow usable(Optional<VaultRow> found) {
    VaultRow row = found.orElseThrow(VaultService::notFound);
    switch (row.status()) {
      case REVOKED -> throw new ConduitException(ErrorCode.REVOKED, "this connection was revoked");
      case NEEDS_REAUTH -> throw new ConduitException(ErrorCode.NEEDS_REAUTH,
          "the provider no longer accepts this connection's refresh token; authorize it again");
      case PENDING -> throw new ConduitException(ErrorCode.PENDING, "this connection has no credential yet");
      case ACTIVE -> {
        // checked below
      }
    }
    if (row.credential() == null) {
      throw new ConduitException(ErrorCode.PENDING, "this connection has no credential yet");
    }
    return row;
  }

  private VaultRow unexpired(VaultRow row) {
    Instant expiresAt = row.credential().expiresAt();
    if (expiresAt != null && !expiresAt.isAfter(clock.instant())) {
      throw new ConduitException(ErrorCode.PROVIDER_UNAVAILABLE,
          "the access token has expired and could not be refreshed; retry later");
    }
    return row;
  }

  private VendedSecret open(VaultRow row, EnvelopeSealer.DataKey key, String requestId) {
    StoredCredential credential = row.credential();
    SealedFields sealed = credential.sealed();
    long version = credential.secretVersion();
    try {
      return switch (credential.kind()) {
        case OAUTH2 -> new VendedSecret.OAuth(row.connectionId(), row.connector(),
            key.open(SecretField.ACCESS_TOKEN, version, sealed.accessToken()), credential.tokenType(),
            credential.expiresAt(), credential.scopes());
        case API_KEY -> new VendedSecret.ApiKey(row.connectionId(), row.connector(),
            key.open(SecretField.API_KEY, version, sealed.apiKey()),
            key.open(SecretField.API_SECRET, version, sealed.apiSecret()));
        case BASIC -> new VendedSecret.Basic(row.connectionId(), row.connector(),
            key.open(SecretField.USERNAME, version, sealed.username()),
            key.open(SecretField.PASSWORD, version, sealed.password()));
      };
    } catch (SealException e) {
      throw sealCorrupt(row, e, requestId);
    }
  }

  private EnvelopeSealer.DataKey openKey(VaultRow row, String requestId) {
    SealedFields sealed = row.credential().sealed();
    try {
      return sealer.openDataKey(subject(row), sealed.wrappedKey(), sealed.kekKeyId());
    } catch (SealException e) {
      throw sealCorrupt(row, e, requestId);
    }
  }

  private ConduitException sealCorrupt(VaultRow row, SealException e, String requestId) {
    metrics.openFailure();
    Traced.tag(LOG.atError(), requestId).setMessage("stored secret does not open")
        .addKeyValue("connectionId", row.connectionId()).addKeyValue("reason", e.getMessage()).log();
    return new ConduitException(ErrorCode.SEAL_CORRUPT,
        "this connection's stored secret cannot be opened with the configured vault keys; an operator must check"
            + " the keyset");
  }

  Future<Connection> deposit(VaultRequest.Deposit request) {
    CredentialInput input = request.credential();
    SealSubject subject = SealSubject.connection(request.owner(), request.connectionId());
    return credentials.deposit(request.owner(), request.connectionId(), version -> seal(subject, version, input),
            change(input))
        .andThen(done -> cache.invalidate(request.connectionId()))
        .map(changed -> {
          if (changed.event() != null) {
            publish(changed.event().type() == EventType.CONNECTION_CONNECTED ? Addresses.CONNECTION_CONNECTED
                : Addresses.CONNECTION_REAUTHORIZED, changed.event());
          }
          return changed.connection();
        });
  }

  private SealedFields seal(SealSubject subject, long version, CredentialInput input) {
    EnvelopeSealer.DataKey key = sealer.newDataKey(subject);
    if (input instanceof CredentialInput.OAuthTokens tokens) {
      return oauthFields(key, version, tokens.accessToken(), tokens.refreshToken());
    }
    if (input instanceof CredentialInput.ApiKey apiKey) {
      return new SealedFields(key.kekKeyId(), key.wrapped(), null, null,
          key.seal(SecretField.API_KEY, version, apiKey.apiKey()),
          key.seal(SecretField.API_SECRET, version, apiKey.apiSecret()), null, null);
    }
    CredentialInput.Basic basic = (CredentialInput.Basic) input;
    return new SealedFields(key.kekKeyId(), key.wrapped(), null, null, null, null,
        key.seal(SecretField.USERNAME, version, basic.username()),
        key.seal(SecretField.PASSWORD, version, basic.password()));
  }

  private static SealedFields oauthFields(EnvelopeSealer.DataKey key, long version, String accessToken,
      String refreshToken) {
    return new SealedFields(key.kekKeyId(), key.wrapped(), key.seal(SecretField.ACCESS_TOKEN, version, accessToken),
        key.seal(SecretField.REFRESH_TOKEN, version, refreshToken), null, null, null, null);
  }

  private CredentialChange change(CredentialInput input) {
    if (input instanceof CredentialInput.OAuthTokens tokens) {
      Instant now = clock.instant();
      return new CredentialChange(CredentialKind.OAUTH2, tokens.tokenType(), tokens.scopes(), now,
          tokens.expiresAt(), RefreshSchedule.refreshDueAt(now, tokens.expiresAt(), refreshLead,
          tokens.refreshToken() != null));
    }
    return new CredentialChange(input.kind(), null, List.of(), clock.instant(), null, null);
  }

  /** Opens the refresh token a refresh claim read, for the RefreshVerticle, which is about to use it. */
  Future<OpenedSecret> openRefreshToken(VaultRefreshRequest.Open request) {
    SealSubject subject = SealSubject.connection(request.owner(), request.connectionId());
    try {
      return Future.succeededFuture(new OpenedSecret(sealer
          .openDataKey(subject, request.wrappedKey(), request.kekKeyId())
          .open(SecretField.REFRESH_TOKEN, request.secretVersion(), request.sealedRefreshToken())));
    } catch (SealException e) {
      metrics.openFailure();
      Traced.tag(LOG.atError(), request.requestId()).setMessage("stored refresh token does not open")
          .addKeyValue("connectionId", request.connectionId()).addKeyValue("reason", e.getMessage()).log();
      return Future.failedFuture(new ConduitException(ErrorCode.SEAL_CORRUPT, "the refresh token does not open"));
    }
  }

  /**
   * Seals refreshed tokens under a fresh data key at the next version and stores them — only if the credential
   * is still at the version the refresh started from and still claimed by it. No read: the fence is the update.
   */
  Future<VaultRefreshRequest.Committed> commitRefresh(VaultRefreshRequest.Commit commit) {
    long version = commit.expectedVersion() + 1;
    SealedFields sealed = oauthFields(sealer.newDataKey(SealSubject.connection(commit.owner(), commit.connectionId())),
        version, commit.accessToken(), commit.refreshToken());
    CredentialChange change = new CredentialChange(CredentialKind.OAUTH2, commit.tokenType(), commit.scopes(),
        commit.issuedAt(), commit.expiresAt(), commit.refreshDueAt());
    return credentials.commitRefresh(commit.owner(), commit.connectionId(), commit.expectedVersion(),
            commit.leaseOwner(), sealed, change)
        .andThen(done -> cache.invalidate(commit.connectionId()))
        .map(VaultRefreshRequest.Committed::new);
  }

  Future<Connection> revoke(VaultRequest.Revoke request) {
    return credentials.revoke(request.owner(), request.connectionId(), REVOKED_BY_OWNER)
        .andThen(done -> cache.invalidate(request.connectionId()))
        .map(revoked -> {
          publish(Addresses.CONNECTION_REVOKED, revoked.event());
          revokeAtProvider(revoked.previous(), request.requestId());
          return revoked.connection();
        });
  }

  Future<Void> delete(VaultRequest.Delete request) {
    return credentials.delete(request.owner(), request.connectionId())
        .andThen(done -> cache.invalidate(request.connectionId()))
        .map(deleted -> {
          publish(Addresses.CONNECTION_DELETED, deleted.event());
          revokeAtProvider(deleted.previous(), request.requestId());
          return null;
        });
  }

  /**
   * Asks the RefreshVerticle to revoke the grant at the provider, best effort: our copy is already gone, so a
   * provider that cannot be reached changes nothing for the owner. The refresh token is preferred, because
   * revoking it ends the whole grant (RFC 7009 §2.1).
   */
  private void revokeAtProvider(VaultRow previous, String requestId) {
    if (previous == null || previous.credential() == null || previous.credential().kind() != CredentialKind.OAUTH2) {
      return;
    }
    StoredCredential credential = previous.credential();
    try {
      EnvelopeSealer.DataKey key = sealer.openDataKey(subject(previous), credential.sealed().wrappedKey(),
          credential.sealed().kekKeyId());
      String refreshToken = key.open(SecretField.REFRESH_TOKEN, credential.secretVersion(),
          credential.sealed().refreshToken());
      ProviderRevocation revocation = refreshToken != null
          ? new ProviderRevocation(previous.connector(), refreshToken, "refresh_token", requestId)
          : new ProviderRevocation(previous.connector(), key.open(SecretField.ACCESS_TOKEN,
              credential.secretVersion(), credential.sealed().accessToken()), "access_token", requestId);
      eventBus.send(Addresses.REFRESH_REVOKE, revocation);
    } catch (SealException e) {
      Traced.tag(LOG.atWarn(), requestId).setMessage("cannot revoke at the provider: the destroyed secret did not open")
          .addKeyValue("connectionId", previous.connectionId()).log();
    }
  }

  /** Tells in-process listeners (and the notifier) about an event already committed to the outbox. */
  private void publish(String address, ConnectionEvent event) {
    if (event != null) {
      eventBus.publish(address, event);
    }
  }

  private static SealSubject subject(VaultRow row) {
    return SealSubject.connection(row.owner(), row.connectionId());
  }

  private static ConduitException notFound() {
    return new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id");
  }
}
