package dev.conduit.notify;

import dev.conduit.core.bus.VaultSigningClient;
import dev.conduit.store.DeliveryRepository;
import dev.conduit.store.PgPools;
import dev.conduit.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;

/**
 * Hosts one {@link DeliveryDispatcher} on its own event loop, wired as the NotifyVerticle wires it (URL guard,
 * sender, the store's repository, the vault over the bus) but with the parts a test needs to choose: how names
 * resolve, what the HTTP client trusts, the retry schedule. Undeploying it stops the dispatcher the way
 * undeploying the NotifyVerticle does.
 */
final class TestDispatcher extends VerticleBase {

  /** Loopback and plain http allowed (the receivers are local), a quick poll, short timeouts. */
  record Settings(UrlGuard.Resolver resolver, HttpClientOptions client, List<Duration> retrySchedule,
      Duration timeout) {

    /**
     * Real name resolution, the production client settings, one retry an hour later, and a generous attempt
     * timeout: the first TLS handshake of a cold JVM on a busy machine can take seconds, and no test waits for
     * a timeout to pass.
     */
    static Settings defaults() {
      Duration timeout = Duration.ofSeconds(60);
      return new Settings(InetAddress::getAllByName, WebhookSender.clientOptions(timeout),
          List.of(Duration.ofHours(1)), timeout);
    }

    Settings withResolver(UrlGuard.Resolver resolver) {
      return new Settings(resolver, client, retrySchedule, timeout);
    }

    Settings withClient(HttpClientOptions client) {
      return new Settings(resolver, client, retrySchedule, timeout);
    }
  }

  static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final int BATCH_SIZE = 4;

  private final Settings settings;
  private DeliveryDispatcher dispatcher;

  TestDispatcher(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    UrlGuard guard = new UrlGuard(vertx, settings.resolver(), true, true, List.of());
    WebhookSender sender = new WebhookSender(vertx, vertx.createHttpClient(settings.client()), settings.timeout());
    dispatcher = new DeliveryDispatcher(vertx, new DeliveryRepository(PgPools.shared(vertx, TestDatabase.url(), 4)),
        new VaultSigningClient(vertx.eventBus()), guard, sender, new RetrySchedule(settings.retrySchedule()),
        new NotifyMetrics(new SimpleMeterRegistry()), POLL_INTERVAL, BATCH_SIZE, settings.timeout());
    dispatcher.start();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    return dispatcher.stop();
  }
}
