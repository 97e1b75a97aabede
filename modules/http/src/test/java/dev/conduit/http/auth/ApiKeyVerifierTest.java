package dev.conduit.http.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.core.apikey.ApiKey;
import dev.conduit.core.apikey.ApiKeyScope;
import dev.conduit.store.ApiKeyRepository;
import dev.conduit.store.Database;
import dev.conduit.store.PgPools;
import dev.conduit.store.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The API key verifier on a real PostgreSQL: a remembered key costs no database read while the change feed
 * listens, is dropped by its delete notice, is never remembered without the feed, and is refused past its expiry;
 * uses are written in one statement, and a failed write is counted.
 */
@ExtendWith(VertxExtension.class)
class ApiKeyVerifierTest {

  private Database pool;
  private ApiKeyRepository keys;
  private SimpleMeterRegistry metrics;
  private KeyUsage usage;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 2);
    keys = new ApiKeyRepository(pool);
    metrics = new SimpleMeterRegistry();
    usage = new KeyUsage(vertx, keys, metrics);
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void aRememberedKeyCostsNoReadUntilItsDeleteNoticeArrives(Vertx vertx) {
    ApiKeyVerifier verifier = new ApiKeyVerifier(keys, usage, DeletedKeys.shared(vertx), Clock.systemUTC());
    verifier.feedUp();
    String key = PlatformKeys.generate();
    ApiKey stored = store("alice", key, null);

    Caller caller = verifier.callerOf(key).await();
    // gone from the database behind the cache's back (no notice): the remembered key still answers
    TestDatabase.execute("DELETE FROM api_keys");
    Caller remembered = verifier.callerOf(key).await();
    verifier.deleted(stored.id());

    assertThat(caller).isEqualTo(remembered);
    assertThat(caller.owner()).isEqualTo("alice");
    assertThat(caller.actor()).isEqualTo("api_key:" + key.substring(0, 12));
    assertThat(caller.holds(ApiKeyScope.CREDENTIALS_VEND)).isTrue();
    assertThat(caller.holds(ApiKeyScope.AUDIT_READ)).isFalse();
    assertRefused(verifier, key, TokenRefusal.API_KEY_UNKNOWN);
  }

  @Test
  void withoutTheFeedEveryCallReadsTheDatabase(Vertx vertx) {
    ApiKeyVerifier verifier = new ApiKeyVerifier(keys, usage, DeletedKeys.shared(vertx), Clock.systemUTC());
    verifier.feedUp();
    String key = PlatformKeys.generate();
    store("alice", key, null);
    verifier.callerOf(key).await();

    verifier.feedDown();
    TestDatabase.execute("DELETE FROM api_keys");

    assertRefused(verifier, key, TokenRefusal.API_KEY_UNKNOWN);
  }

  @Test
  void aRememberedKeyIsRefusedFromItsExpiryOn(Vertx vertx) {
    Instant expiry = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);
    String key = PlatformKeys.generate();
    store("alice", key, expiry);
    ApiKeyVerifier before = new ApiKeyVerifier(keys, usage, DeletedKeys.shared(vertx), Clock.systemUTC());
    before.feedUp();
    before.callerOf(key).await();

    ApiKeyVerifier after = new ApiKeyVerifier(keys, usage, DeletedKeys.shared(vertx),
        Clock.fixed(expiry, ZoneOffset.UTC));
    after.feedUp();

    assertRefused(after, key, TokenRefusal.API_KEY_EXPIRED);
    assertRefused(new ApiKeyVerifier(keys, usage, DeletedKeys.shared(vertx), Clock.systemUTC()), "cdk_short",
        TokenRefusal.API_KEY_MALFORMED);
  }

  @Test
  void usesAreWrittenAndAFailedWriteIsCounted() {
    ApiKey stored = store("alice", PlatformKeys.generate(), null);
    Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    usage.used(stored.id(), at);
    usage.close().await();

    assertThat(keys.find("alice", stored.id()).await().orElseThrow().lastUsedAt()).isEqualTo(at);
    assertThat(metrics.counter("conduit.api_key.usage.flush.failures").count()).isZero();

    pool.pool().close().await();
    usage.used(stored.id(), at.plusSeconds(1));
    usage.close().await();

    assertThat(metrics.counter("conduit.api_key.usage.flush.failures").count()).isEqualTo(1);
  }

  private ApiKey store(String owner, String key, Instant expiresAt) {
    return keys.create(new ApiKey(UUID.randomUUID(), owner, "test", PlatformKeys.shownPrefix(key),
        Set.of(ApiKeyScope.CREDENTIALS_VEND), null, expiresAt, null), PlatformKeys.hash(key), 10).await();
  }

  private static void assertRefused(ApiKeyVerifier verifier, String key, TokenRefusal refusal) {
    assertThatThrownBy(() -> verifier.callerOf(key).await())
        .isInstanceOfSatisfying(AuthenticationFailure.class, e -> assertThat(e.refusal()).isEqualTo(refusal));
  }
}
