package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.connect.ConnectSession;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Connect sessions on a real PostgreSQL: the connection a session connects into (made once per connector, the
 * untouched one of another connector deleted, concurrent presses queued), spending by id, and the purge of old
 * sessions and authorization flows.
 */
@ExtendWith(VertxExtension.class)
class ConnectSessionRepositoryTest {

  private static final int MANY = 10_000;

  private Database pool;
  private ConnectSessionRepository sessions;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    sessions = new ConnectSessionRepository(pool);
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void aSessionMakesOneConnectionPerConnectorAndDropsTheUntouchedOneOfAnother() {
    byte[] token = hash("link");
    ConnectSession session = session("alice", Instant.now().plusSeconds(600));
    sessions.create(token, session, MANY).await();

    UUID first = sessions.connectionFor(token, session, "github", MANY).await();
    UUID again = sessions.connectionFor(token, session, "github", MANY).await();
    UUID other = sessions.connectionFor(token, session, "slack", MANY).await();

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    assertThat(rows("SELECT connector || ' ' || label || ' ' || status FROM connections"))
        .containsExactly("slack Ada pending");
  }

  @Test
  void aConnectionThatWasActivatedIsNeverDeletedOrReused() {
    byte[] token = hash("link");
    ConnectSession session = session("alice", Instant.now().plusSeconds(600));
    sessions.create(token, session, MANY).await();
    UUID first = sessions.connectionFor(token, session, "github", MANY).await();
    pool.system().execute("UPDATE connections SET status = 'active' WHERE id = $1", Tuple.of(first)).await();

    UUID next = sessions.connectionFor(token, session, "github", MANY).await();

    assertThat(next).isNotEqualTo(first);
    assertThat(rows("SELECT status FROM connections ORDER BY status")).containsExactly("active", "pending");
  }

  @Test
  void pressesAtOnceQueueForOneConnection() {
    byte[] token = hash("link");
    ConnectSession session = session("alice", Instant.now().plusSeconds(600));
    sessions.create(token, session, MANY).await();

    List<Future<UUID>> presses = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      presses.add(sessions.connectionFor(token, session, "github", MANY));
    }
    Future.all(presses).await();

    assertThat(presses.stream().map(Future::result).distinct()).hasSize(1);
    assertThat(rows("SELECT count(*)::text FROM connections")).containsExactly("1");

    // a second wave, now that the session remembers a connection, changing its mind back and forth
    List<Future<UUID>> changes = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      changes.add(sessions.connectionFor(token, session, i % 2 == 0 ? "slack" : "github", MANY));
    }
    Future.all(changes).await();

    assertThat(rows("SELECT count(*)::text FROM connections")).containsExactly("1");
  }

  @Test
  void theOwnersConnectionLimitHolds() {
    byte[] token = hash("link");
    ConnectSession session = session("alice", Instant.now().plusSeconds(600));
    sessions.create(token, session, MANY).await();

    Throwable refused = sessions.connectionFor(token, session, "github", 0)
        .transform(done -> Future.succeededFuture(done.cause())).await();

    assertThat(refused).isInstanceOfSatisfying(ConduitException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_REACHED));
    assertThat(rows("SELECT count(*)::text FROM connections")).containsExactly("0");
  }

  @Test
  void aSessionIsSpentByIdOnce() {
    ConnectSession session = session("alice", Instant.now().plusSeconds(600));
    sessions.create(hash("link"), session, MANY).await();

    assertThat(sessions.spend(session.id()).await()).isTrue();
    assertThat(sessions.spend(session.id()).await()).isFalse();
  }

  @Test
  void thePurgeTakesOnlySessionsExpiredLongerAgoThanTheGraceInBatches() {
    for (int i = 0; i < 3; i++) {
      sessions.create(hash("old" + i), session("alice", Instant.now().minus(Duration.ofDays(8))), MANY).await();
    }
    sessions.create(hash("recent"), session("alice", Instant.now().minus(Duration.ofDays(1))), MANY).await();
    sessions.create(hash("pending"), session("alice", Instant.now().plusSeconds(600)), MANY).await();

    assertThat(sessions.purgeExpired(Duration.ofDays(7), 2).await()).isEqualTo(2);
    assertThat(sessions.purgeExpired(Duration.ofDays(7), 2).await()).isEqualTo(1);
    assertThat(sessions.purgeExpired(Duration.ofDays(7), 2).await()).isZero();
    assertThat(sessions.find(hash("recent")).await()).isPresent();
    assertThat(sessions.find(hash("pending")).await()).isPresent();
  }

  @Test
  void thePurgeTakesOnlyFlowsExpiredLongerAgoThanTheGrace() {
    ConnectSession session = session("alice", Instant.now().plusSeconds(600));
    sessions.create(hash("link"), session, MANY).await();
    UUID connection = sessions.connectionFor(hash("link"), session, "github", MANY).await();
    OAuthFlowRepository flows = new OAuthFlowRepository(pool);
    for (String state : List.of("old", "recent")) {
      Instant expiry = state.equals("old") ? Instant.now().minus(Duration.ofHours(2))
          : Instant.now().minus(Duration.ofMinutes(5));
      assertThat(flows.insert(new OAuthFlowRepository.NewFlow(hash(state), connection, "alice", 1, new byte[] {1},
          new byte[] {2}, null, List.of(), expiry, session.id())).await()).isTrue();
    }

    assertThat(flows.purgeExpired(Duration.ofHours(1), 100).await()).isEqualTo(1);
    assertThat(rows("SELECT count(*)::text FROM oauth_flows")).containsExactly("1");
  }

  private static ConnectSession session(String owner, Instant expiresAt) {
    return new ConnectSession(UUID.randomUUID(), owner, List.of("github", "slack"), null, "Ada",
        ConnectionMetadata.of(new io.vertx.core.json.JsonObject()), null, expiresAt);
  }

  private List<String> rows(String sql) {
    List<String> found = new ArrayList<>();
    for (Row row : pool.system().execute(sql, Tuple.tuple()).await()) {
      found.add(row.getString(0));
    }
    return found;
  }

  private static byte[] hash(String token) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
