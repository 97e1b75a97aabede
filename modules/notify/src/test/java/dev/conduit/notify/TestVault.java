package dev.conduit.notify;

import dev.conduit.core.bus.LocalRecordCodec;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.config.LimitsConfig;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.config.VaultConfig;
import dev.conduit.core.webhook.EventType;
import dev.conduit.store.TestDatabase;
import dev.conduit.vault.VaultDependencies;
import dev.conduit.vault.VaultKeys;
import dev.conduit.vault.VaultVerticle;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;

/**
 * A real VaultVerticle on a test's Vert.x, with a keyset generated for the run: it creates webhook endpoints (and
 * their signing secrets) as the HTTP layer would, and opens the secrets for the dispatcher over the event bus.
 */
final class TestVault {

  /** A keyset made for this test run; it never leaves the JVM. */
  private static final String KEYSET = VaultKeys.generate();

  private final VaultClient client;

  private TestVault(Vertx vertx) {
    this.client = new VaultClient(vertx.eventBus());
  }

  /** Registers the bus codec and deploys the vault; completes when it consumes its addresses. */
  static Future<TestVault> deploy(Vertx vertx) {
    LocalRecordCodec.register(vertx.eventBus());
    RefreshConfig refresh = new RefreshConfig(Duration.ofMinutes(5), Duration.ofMinutes(1), 10, Duration.ofSeconds(5),
        Duration.ofMinutes(1), Duration.ofSeconds(1), Duration.ofHours(1), Duration.ofMinutes(10), List.of());
    VaultDependencies deps = new VaultDependencies(VaultKeys.parse(KEYSET), new VaultConfig(KEYSET, 100,
        Duration.ofMinutes(1)), refresh, TestDatabase.url(), 4, new SimpleMeterRegistry(),
        new LimitsConfig(10_000, 100, 1_000, 100), Duration.ofHours(24));
    return vertx.deployVerticle(new VaultVerticle(deps)).map(id -> new TestVault(vertx));
  }

  /** An active endpoint of {@code owner} for every event type, with its new secret. */
  Future<WebhookRequest.Created> createEndpoint(String owner, String url) {
    return client.createWebhook(new WebhookRequest.Create(owner, url, List.of(EventType.values())));
  }
}
