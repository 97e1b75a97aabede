package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.core.apikey.ApiKey;
import dev.conduit.core.apikey.ApiKeyScope;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgConnection;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** API keys on a real PostgreSQL: owner-scoped management, the per-owner limit, lookup by hash, use, deletion. */
@ExtendWith(VertxExtension.class)
class ApiKeyRepositoryTest {

  private static final SecureRandom RANDOM = new SecureRandom();

  private Database pool;
  private ApiKeyRepository keys;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    keys = new ApiKeyRepository(pool);
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void aKeyIsFoundByItsHashAndByItsOwnerOnly() {
    byte[] hash = hash();
    ApiKey created = keys.create(key("alice", null), hash, 10).await();

    assertThat(created.createdAt()).isNotNull();
    assertThat(keys.findByHash(hash).await()).contains(created);
    assertThat(keys.findByHash(hash()).await()).isEmpty();
    assertThat(keys.find("alice", created.id()).await()).contains(created);
    assertThat(keys.find("bob", created.id()).await()).isEmpty();
    assertThat(keys.list("alice").await()).containsExactly(created);
    assertThat(keys.list("bob").await()).isEmpty();
    assertThat(keys.delete("bob", created.id()).await()).isFalse();
    assertThat(keys.findByHash(hash).await()).isPresent();
  }

  @Test
  void oneKeyBeyondTheOwnersLimitIsRefusedAndStoresNothing() {
    keys.create(key("alice", null), hash(), 2).await();
    keys.create(key("alice", null), hash(), 2).await();

    assertThatThrownBy(() -> keys.create(key("alice", null), hash(), 2).await())
        .isInstanceOfSatisfying(ConduitException.class, e -> {
          assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
          assertThat(e.detail()).contains("limits.api-keys-per-owner");
        });
    assertThat(keys.list("alice").await()).hasSize(2);
    keys.create(key("bob", null), hash(), 2).await();
  }

  @Test
  void aDeleteRemovesTheKeyAndIsAnnouncedOnTheChangeChannel(Vertx vertx) {
    byte[] hash = hash();
    ApiKey created = keys.create(key("alice", Instant.now().plus(1, ChronoUnit.DAYS)), hash, 10).await();
    List<ChangeNotice> heard = new CopyOnWriteArrayList<>();
    PgConnection listener = PgConnection.connect(vertx, TestDatabase.url().connectOptions()).await();
    listener.notificationHandler(n -> heard.add(ChangeNotice.parse(n.getPayload())));
    listener.query("LISTEN " + CredentialRepository.CHANGES_CHANNEL).execute().await();
    try {
      assertThat(keys.delete("alice", created.id()).await()).isTrue();

      assertThat(keys.findByHash(hash).await()).isEmpty();
      assertThat(keys.delete("alice", created.id()).await()).isFalse();
      Awaitility.await().atMost(10, TimeUnit.SECONDS)
          .until(() -> heard.contains(new ChangeNotice.ApiKeyDeleted(created.id())));
      assertThat(heard).hasSize(1);
    } finally {
      listener.close().await();
    }
  }

  @Test
  void useIsRecordedAndNeverMovesBack() {
    ApiKey created = keys.create(key("alice", null), hash(), 10).await();
    Instant later = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    keys.recordUse(Map.of(created.id(), later, UUID.randomUUID(), later)).await();
    keys.recordUse(Map.of(created.id(), later.minusSeconds(60))).await();

    assertThat(keys.find("alice", created.id()).await().orElseThrow().lastUsedAt()).isEqualTo(later);
  }

  @Test
  void noticesOfConnectionsAndOfKeysAreToldApart() {
    UUID id = UUID.randomUUID();
    assertThat(ChangeNotice.parse(id.toString())).isEqualTo(new ChangeNotice.ConnectionChanged(id));
    assertThat(ChangeNotice.parse("api_key:" + id)).isEqualTo(new ChangeNotice.ApiKeyDeleted(id));
    assertThat(ChangeNotice.parse("something newer")).isInstanceOf(ChangeNotice.Unknown.class);
  }

  private static ApiKey key(String owner, Instant expiresAt) {
    return new ApiKey(UUID.randomUUID(), owner, "billing backend", "cdk_abcdefgh",
        Set.of(ApiKeyScope.CREDENTIALS_VEND, ApiKeyScope.CONNECTIONS_READ), null,
        expiresAt == null ? null : expiresAt.truncatedTo(ChronoUnit.MICROS), null);
  }

  private static byte[] hash() {
    byte[] hash = new byte[32];
    RANDOM.nextBytes(hash);
    return hash;
  }
}
