package dev.conduit.vault;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.bus.LocalRecordCodec;
import dev.conduit.store.CredentialRepository;
import dev.conduit.store.PgPools;
import dev.conduit.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * A {@link VaultService} as the VaultVerticle builds it — real sealer, real repository on the test database,
 * real change feed — but on a {@link ManualClock}, with the cache size and age a test chooses. Calls run on the
 * service's own event-loop context, as they do in the verticle; the test thread waits for their outcome.
 */
final class VaultFixture {

  /** Refresh a token ten minutes before it expires. */
  static final Duration LEAD = Duration.ofMinutes(10);
  /** Long enough for a PostgreSQL round trip on a busy machine; only a broken test waits this long. */
  private static final long WAIT_SECONDS = 30;

  final ManualClock clock;
  final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  final VaultService service;
  private final Context context;
  private final ChangeFeed feed;

  private VaultFixture(Vertx vertx, ManualClock clock, KeysetHandle keyset, int cacheSize, Duration cacheTtl) {
    this.clock = clock;
    this.context = vertx.getOrCreateContext();
    VendCache cache = new VendCache(cacheSize, cacheTtl.toNanos(), clock::nanoTime);
    this.feed = new ChangeFeed(vertx, TestDatabase.url(), cache::invalidate, cache::clear);
    this.service = new VaultService(new CredentialRepository(PgPools.shared(vertx, TestDatabase.url(), 4)),
        new EnvelopeSealer(keyset), LEAD, vertx.eventBus(), new VaultMetrics(meters), clock, cache, feed);
  }

  /** Registers the bus codec once per Vert.x instance (the vault publishes connection events). */
  static void prepare(Vertx vertx) {
    LocalRecordCodec.register(vertx.eventBus());
  }

  static VaultFixture start(Vertx vertx, ManualClock clock, KeysetHandle keyset, int cacheSize, Duration cacheTtl)
      throws Exception {
    VaultFixture fixture = new VaultFixture(vertx, clock, keyset, cacheSize, cacheTtl);
    fixture.call(fixture.feed::start);
    return fixture;
  }

  void stop() throws Exception {
    call(feed::close);
  }

  /** Runs {@code call} on the service's context and waits for its value (or throws its failure). */
  <T> T call(Supplier<Future<T>> call) throws Exception {
    Promise<T> done = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(done));
    try {
      return done.future().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }

  /** The failure of {@code call}, which must fail. */
  Throwable failure(Supplier<Future<?>> call) throws Exception {
    Promise<Object> done = Promise.promise();
    context.runOnContext(v -> call.get().onComplete(result -> done.complete(result.failed() ? result.cause() : null)));
    Object failure = done.future().toCompletionStage().toCompletableFuture().get(WAIT_SECONDS, TimeUnit.SECONDS);
    if (failure == null) {
      throw new AssertionError("expected a failure, but it succeeded");
    }
    return (Throwable) failure;
  }

  /** A new pending connection of {@code owner} (as the HTTP layer creates it). */
  static UUID connection(String owner, String connector) {
    UUID id = UUID.randomUUID();
    TestDatabase.execute("INSERT INTO connections (id, owner, connector) VALUES ('" + id + "', '" + owner + "', '"
        + connector + "')");
    return id;
  }

  /** A change made by another replica: written, then announced on the change channel as the vault does. */
  static void changedElsewhere(UUID connectionId, String sql) {
    TestDatabase.execute(sql);
    TestDatabase.execute("SELECT pg_notify('" + CredentialRepository.CHANGES_CHANNEL + "', '" + connectionId + "')");
  }
}
