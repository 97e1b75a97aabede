package dev.conduit.vault;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ProviderRevocation;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.connection.VendedSecret;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.CredentialChange;
import dev.conduit.store.CredentialRepository;
import dev.conduit.store.SealedFields;
import dev.conduit.store.StoredCredential;
import dev.conduit.store.VaultRow;
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
   * one decrypt. Cold, or while the change feed is down: one owner-scoped read, then the same.
   */
  Future<VendedSecret> vend(VaultRequest.Vend request) {
    if (!feed.healthy()) {
      return read(request, false);
    }
    return feed.barrier().compose(
        fresh -> {
          VendCache.Entry entry = cache.get(request.owner(), request.connectionId());
          return entry == null ? read(request, true) : Future.succeededFuture(counted(Optional.of(entry.row()),
              () -> open(usable(Optional.of(entry.row())), entry.key())));
        },
        feedDown -> read(request, false));
  }

  private Future<VendedSecret> read(VaultRequest.Vend request, boolean keep) {
    long generation = cache.generation();
    return credentials.find(request.owner(), request.connectionId())
        .map(row -> counted(row, () -> {
          VaultRow usable = usable(row);
          EnvelopeSealer.DataKey key = openKey(usable);
          if (keep) {
            cache.put(generation, usable, key);
          }
          return open(usable, key);
        }));
  }

  private VendedSecret counted(Optional<VaultRow> row, java.util.function.Supplier<VendedSecret> vend) {
    try {
      VendedSecret secret = vend.get();
      metrics.vend(secret.connector(), "ok");
      return secret;
    } catch (ConduitException e) {
      metrics.vend(row.map(VaultRow::connector).orElse("none"), e.code().code());
      throw e;
    }
  }

  /** The row, if its connection exists and holds a credential that may be vended now. */
  private VaultRow usable(Optional<VaultRow> found) {
    VaultRow row = found.orElseThrow(VaultService::notFound);
    switch (row.status()) {
      case REVOKED -> throw new ConduitException(ErrorCode.REVOKED, "this connection was revoked");
      case NEEDS_REAUTH -> throw new ConduitException(ErrorCode.NEEDS_REAUTH,
          "the provider no longer accepts this connection's refresh token; authorize it again");
      case PENDING -> throw new ConduitException(ErrorCode.PENDING, "this connection has no credential yet");
      case ACTIVE -> {
        // fall through to the checks below
      }
    }
    StoredCredential credential = row.credential();
    if (credential == null) {
      throw new ConduitException(ErrorCode.PENDING, "this connection has no credential yet");
    }
    if (credential.expiresAt() != null && !credential.expiresAt().isAfter(clock.instant())) {
      throw new ConduitException(ErrorCode.PROVIDER_UNAVAILABLE,
          "the access token has expired and could not be refreshed; retry later");
    }
    return row;
  }

  private VendedSecret open(VaultRow row, EnvelopeSealer.DataKey key) {
    StoredCredential credential = row.credential();
    SealedFields sealed = credential.sealed();
    long version = credential.secretVersion();
    try {
      return switch (credential.kind()) {
        case OAUTH2 -> new VendedSecret(row.connectionId(), row.connector(), CredentialKind.OAUTH2,
            key.open(SecretField.ACCESS_TOKEN, version, sealed.accessToken()), credential.tokenType(),
            credential.expiresAt(), credential.scopes(), null, null, null, null);
        case API_KEY -> new VendedSecret(row.connectionId(), row.connector(), CredentialKind.API_KEY, null, null,
            null, List.of(), key.open(SecretField.API_KEY, version, sealed.apiKey()),
            key.open(SecretField.API_SECRET, version, sealed.apiSecret()), null, null);
        case BASIC -> new VendedSecret(row.connectionId(), row.connector(), CredentialKind.BASIC, null, null,
            null, List.of(), null, null, key.open(SecretField.USERNAME, version, sealed.username()),
            key.open(SecretField.PASSWORD, version, sealed.password()));
      };
    } catch (SealException e) {
      throw sealCorrupt(row, e);
    }
  }

  private EnvelopeSealer.DataKey openKey(VaultRow row) {
    SealedFields sealed = row.credential().sealed();
    try {
      return sealer.openDataKey(subject(row), sealed.wrappedKey(), sealed.kekKeyId());
    } catch (SealException e) {
      throw sealCorrupt(row, e);
    }
  }

  private ConduitException sealCorrupt(VaultRow row, SealException e) {
    metrics.openFailure();
    LOG.atError().setMessage("stored secret does not open").addKeyValue("connectionId", row.connectionId())
        .addKeyValue("reason", e.getMessage()).log();
    return new ConduitException(ErrorCode.SEAL_CORRUPT,
        "this connection's stored secret cannot be opened with the configured vault keys; an operator must check"
            + " the keyset");
  }

  Future<Connection> deposit(VaultRequest.Deposit request) {
    CredentialInput input = request.credential();
    SealSubject subject = SealSubject.connection(request.owner(), request.connectionId());
    return credentials.deposit(request.owner(), request.connectionId(), version -> seal(subject, version, input),
            change(input))
        .andThen(done -> cache.invalidate(request.connectionId()));
  }

  private SealedFields seal(SealSubject subject, long version, CredentialInput input) {
    EnvelopeSealer.DataKey key = sealer.newDataKey(subject);
    if (input instanceof CredentialInput.OAuthTokens tokens) {
      return new SealedFields(key.kekKeyId(), key.wrapped(),
          key.seal(SecretField.ACCESS_TOKEN, version, tokens.accessToken()),
          key.seal(SecretField.REFRESH_TOKEN, version, tokens.refreshToken()), null, null, null, null);
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

  private CredentialChange change(CredentialInput input) {
    if (input instanceof CredentialInput.OAuthTokens tokens) {
      Instant refreshDueAt = tokens.refreshToken() == null || tokens.expiresAt() == null
          ? null : tokens.expiresAt().minus(refreshLead);
      return new CredentialChange(CredentialKind.OAUTH2, tokens.tokenType(), tokens.scopes(), tokens.expiresAt(),
          refreshDueAt);
    }
    return new CredentialChange(input.kind(), null, List.of(), null, null);
  }

  Future<Connection> revoke(VaultRequest.Revoke request) {
    return credentials.revoke(request.owner(), request.connectionId(), REVOKED_BY_OWNER)
        .andThen(done -> cache.invalidate(request.connectionId()))
        .map(revoked -> {
          revokeAtProvider(revoked.previous());
          return revoked.connection();
        });
  }

  Future<Void> delete(VaultRequest.Delete request) {
    return credentials.delete(request.owner(), request.connectionId())
        .andThen(done -> cache.invalidate(request.connectionId()))
        .map(deleted -> {
          revokeAtProvider(deleted);
          return null;
        });
  }

  /**
   * Asks the RefreshVerticle to revoke the grant at the provider, best effort: our copy is already gone, so a
   * provider that cannot be reached changes nothing for the owner. The refresh token is preferred, because
   * revoking it ends the whole grant (RFC 7009 §2.1).
   */
  private void revokeAtProvider(VaultRow previous) {
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
          ? new ProviderRevocation(previous.connector(), refreshToken, "refresh_token")
          : new ProviderRevocation(previous.connector(), key.open(SecretField.ACCESS_TOKEN,
              credential.secretVersion(), credential.sealed().accessToken()), "access_token");
      eventBus.send(Addresses.REFRESH_REVOKE, revocation);
    } catch (SealException e) {
      LOG.atWarn().setMessage("cannot revoke at the provider: the destroyed secret did not open")
          .addKeyValue("connectionId", previous.connectionId()).log();
    }
  }

  private static SealSubject subject(VaultRow row) {
    return SealSubject.connection(row.owner(), row.connectionId());
  }

  private static ConduitException notFound() {
    return new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id");
  }
}
