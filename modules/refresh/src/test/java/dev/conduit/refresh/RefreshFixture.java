package dev.conduit.refresh;

import dev.conduit.core.bus.LocalRecordCodec;
import dev.conduit.core.bus.RefreshClient;
import dev.conduit.core.bus.RefreshRequest;
import dev.conduit.core.bus.RefreshResult;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientAuth;
import dev.conduit.core.catalog.ClientCredentials;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.OAuthSettings;
import dev.conduit.core.catalog.RateLimit;
import dev.conduit.core.config.AuditConfig;
import dev.conduit.core.config.LimitsConfig;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.config.VaultConfig;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.connection.VendReply;
import dev.conduit.store.TestDatabase;
import dev.conduit.vault.VaultDependencies;
import dev.conduit.vault.VaultKeys;
import dev.conduit.vault.VaultVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A VaultVerticle and a RefreshVerticle deployed alone on one Vert.x, on the test database, with a token
 * endpoint on loopback. Two connectors: {@code acme} (a fixed token URL and a revocation endpoint) and
 * {@code tenantco} (a token URL on the customer's own path, {@code /{tenant}/oauth/token}, filled from the
 * connection's metadata).
 */
final class RefreshFixture {

  static final String CLIENT_ID = "acme-client";
  static final String CLIENT_SECRET = "acme-secret";
  /** Long enough for a provider call and PostgreSQL on a busy machine; only a broken test waits this long. */
  private static final long WAIT_SECONDS = 90;

  final TokenEndpoint provider;
  final VaultClient vault;
  final RefreshClient refresh;

  private RefreshFixture(TokenEndpoint provider, VaultClient vault, RefreshClient refresh) {
    this.provider = provider;
    this.vault = vault;
    this.refresh = refresh;
  }

  /** Settings for refresh on read; the sweep runs once at start-up (nothing is due yet) and then not for an hour. */
  static RefreshConfig config(Duration providerTimeout, Duration maxThrottleWait) {
    return new RefreshConfig(Duration.ofMinutes(10), Duration.ofHours(1), 50, providerTimeout,
        Duration.ofSeconds(60), maxThrottleWait, Duration.ofHours(1), Duration.ofHours(1), List.of());
  }

  static RefreshFixture start(Vertx vertx, RefreshConfig config) throws Exception {
    TestDatabase.truncateAll();
    LocalRecordCodec.register(vertx.eventBus());
    TokenEndpoint provider = await(new TokenEndpoint().start(vertx));
    Catalog catalog = Catalog.of(List.of(
        connector("acme", provider.base() + "/oauth/token", provider.base() + TokenEndpoint.REVOKE_PATH),
        connector("tenantco", provider.base() + "/{tenant}/oauth/token", null)));
    ClientRegistry clients = ClientRegistry.of(catalog, Map.of(
        "acme", new ClientCredentials(CLIENT_ID, CLIENT_SECRET),
        "tenantco", new ClientCredentials(CLIENT_ID, CLIENT_SECRET)));
    SimpleMeterRegistry meters = new SimpleMeterRegistry();
    await(vertx.deployVerticle(new VaultVerticle(new VaultDependencies(VaultKeys.parse(VaultKeys.generate()),
        new VaultConfig(null, 100, Duration.ofSeconds(30)), config, TestDatabase.url(), 4, meters,
        new LimitsConfig(10_000, 100, 1_000, 100), Duration.ofHours(24)))));
    await(vertx.deployVerticle(new RefreshVerticle(new RefreshDependencies(catalog, clients, config,
        TestDatabase.url(), 4, meters, "replica-a", new AuditConfig(true, Duration.ofDays(90))))));
    // the test's client waits generously, so a short configured refresh timeout is ended by the RefreshVerticle's
    // own deadline (what is under test), never by the bus timeout on a busy machine
    return new RefreshFixture(provider, new VaultClient(vertx.eventBus()),
        new RefreshClient(vertx.eventBus(), config(Duration.ofSeconds(45), Duration.ofSeconds(5))));
  }

  private static Connector connector(String id, String tokenUrl, String revokeUrl) {
    return new Connector(id, id, AuthType.OAUTH2, List.of(), null,
        new OAuthSettings("https://example.com/authorize", tokenUrl, null, null, revokeUrl, List.of(), " ", false,
            ClientAuth.CLIENT_SECRET_BASIC, Map.of(), null),
        new RateLimit(1000, 60, "https://example.com/limits", true, null));
  }

  /**
   * A connection of alice's holding {@code refreshToken} and an access token that expired a minute ago: due.
   *
   * @param metadataJson the connection's metadata, as JSON
   */
  UUID expiredConnection(String connector, String metadataJson, String refreshToken) throws Exception {
    return connection(connector, metadataJson, refreshToken, Instant.now().minus(Duration.ofMinutes(1)));
  }

  /** A connection of alice's holding {@code refreshToken} and an access token that expires at {@code expiresAt}. */
  UUID connection(String connector, String metadataJson, String refreshToken, Instant expiresAt) throws Exception {
    UUID id = UUID.randomUUID();
    TestDatabase.execute("INSERT INTO connections (id, owner, connector, metadata) VALUES ('" + id + "', 'alice', '"
        + connector + "', '" + metadataJson + "'::jsonb)");
    await(vault.deposit(new VaultRequest.Deposit("alice", id, new CredentialInput.OAuthTokens("at-0", refreshToken,
        expiresAt, List.of("read"), "bearer"), "req-deposit")));
    return id;
  }

  Future<RefreshResult> refreshOnRead(UUID id, String requestId) {
    return refresh.refresh(new RefreshRequest("alice", id, false, requestId));
  }

  /** What a vend gets once the refresh attempt is over: the vault's answer, read from the database. */
  Future<VendReply> vendAfterRefresh(UUID id) {
    return vault.vend(new VaultRequest.Vend("alice", id, VaultRequest.Vend.Mode.AFTER_REFRESH, "req-vend"));
  }

  static <T> T await(Future<T> future) throws Exception {
    try {
      return future.toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
