package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Connections on a real PostgreSQL: metadata kept as given, keyset paging, owner scoping. */
@ExtendWith(VertxExtension.class)
class ConnectionRepositoryTest {

  /** A limit no test here reaches. */
  private static final int MANY = 10_000;

  private Database pool;
  private ConnectionRepository connections;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    connections = new ConnectionRepository(pool);
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void metadataComesBackAsGivenAndNoReaderCanChangeItForAnother() {
    JsonObject given = new JsonObject().put("shop", "acme-store").put("plan", new JsonObject()
        .put("tier", 3).put("features", List.of("a", "b")));
    Connection created = connections.create("alice", "shopify", "Shop", ConnectionMetadata.of(given), MANY).await();

    created.metadata().toJson().put("shop", "evil").getJsonObject("plan").put("tier", 0);

    Connection found = connections.find("alice", created.id()).await().orElseThrow();
    assertThat(found.metadata().toJson()).isEqualTo(given);
    assertThat(created.metadata()).isEqualTo(found.metadata());
  }

  @Test
  void theUrlParametersAreTheMetadatasTopLevelStringsOfTheOwnersConnectionOnly() {
    Connection created = connections.create("alice", "shopify", null, ConnectionMetadata.of(new JsonObject()
        .put("shop", "acme-store").put("tier", 3).put("nested", new JsonObject().put("x", "y"))), MANY).await();
    RefreshRepository refresh = new RefreshRepository(pool);

    assertThat(refresh.urlParameters("alice", created.id()).await()).isEqualTo(Map.of("shop", "acme-store"));
    assertThat(refresh.urlParameters("mallory", created.id()).await()).isEmpty();
  }

  @Test
  void pagesWalkTheOwnersConnectionsNewestFirstWithoutGapsOrRepeats() {
    List<Connection> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(connections.create("alice", i % 2 == 0 ? "github" : "slack", "c" + i, ConnectionMetadata.empty(),
          MANY).await());
    }
    connections.create("bob", "github", "not alice's", ConnectionMetadata.empty(), MANY).await();

    List<Connection> walked = new ArrayList<>();
    List<Integer> sizes = new ArrayList<>();
    Cursor after = null;
    do {
      Page<Connection> page = connections.list("alice", new ConnectionQuery(null, null, new PageRequest(after, 2)))
          .await();
      walked.addAll(page.items());
      sizes.add(page.items().size());
      after = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
    } while (after != null);

    assertThat(sizes).containsExactly(2, 2, 1);
    assertThat(walked).extracting(Connection::id).containsExactlyElementsOf(created.stream()
        .sorted(Comparator.comparing(Connection::createdAt).thenComparing(Connection::id).reversed())
        .map(Connection::id).toList());
  }

  @Test
  void filtersApplyBeforePaging() {
    for (int i = 0; i < 3; i++) {
      connections.create("alice", "github", null, ConnectionMetadata.empty(), MANY).await();
    }
    connections.create("alice", "slack", null, ConnectionMetadata.empty(), MANY).await();

    Page<Connection> github = connections.list("alice", new ConnectionQuery(ConnectionStatus.PENDING, "github",
        new PageRequest(null, 3))).await();
    Page<Connection> active = connections.list("alice", new ConnectionQuery(ConnectionStatus.ACTIVE, null,
        new PageRequest(null, 3))).await();

    assertThat(github.items()).hasSize(3).allMatch(c -> c.connector().equals("github"));
    assertThat(github.nextCursor()).isNull();
    assertThat(active.items()).isEmpty();
  }

  @Test
  void anotherOwnersConnectionIsNotFound() {
    UUID id = connections.create("alice", "github", null, ConnectionMetadata.empty(), MANY).await().id();

    assertThat(connections.find("bob", id).await()).isEmpty();
  }

  @Test
  void concurrentCreatesOfOneOwnerStopExactlyAtTheLimit(Vertx vertx) {
    connections.create("bob", "github", null, ConnectionMetadata.empty(), MANY).await();
    // a pool of its own, wide enough that all twenty creates are in flight together
    Pool wide = PgBuilder.pool().with(new PoolOptions().setMaxSize(20))
        .connectingTo(PgPools.asAppRole(TestDatabase.url())).using(vertx).build();
    try {
      ConnectionRepository racing = new ConnectionRepository(new Database(vertx, wide, Duration.ofSeconds(30)));
      List<Future<Connection>> attempts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        attempts.add(racing.create("alice", "github", "c" + i, ConnectionMetadata.empty(), 5));
      }
      Future.join(attempts).otherwiseEmpty().await();

      assertThat(attempts).filteredOn(Future::succeeded).hasSize(5);
      assertThat(attempts).filteredOn(Future::failed).hasSize(15).allSatisfy(failed ->
          assertThat(failed.cause()).isInstanceOfSatisfying(ConduitException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
            assertThat(e.detail()).isEqualTo("This owner already has 5 connections, the most allowed"
                + " (limits.connections-per-owner). Delete one to make room.");
          }));
      assertThat(count("alice")).isEqualTo(5);
      // another owner's connections neither count nor are held back
      assertThat(connections.create("bob", "github", null, ConnectionMetadata.empty(), 2).await()).isNotNull();
      assertThat(count("bob")).isEqualTo(2);
    } finally {
      wide.close().await();
    }
  }

  @Test
  void aRevokedConnectionStillCountsButADeletedOneDoesNot() {
    UUID first = connections.create("alice", "github", null, ConnectionMetadata.empty(), 2).await().id();
    UUID second = connections.create("alice", "github", null, ConnectionMetadata.empty(), 2).await().id();
    TestDatabase.execute("UPDATE connections SET status = 'revoked' WHERE id = '" + first + "'");

    assertThat(failure(connections.create("alice", "github", null, ConnectionMetadata.empty(), 2)))
        .isInstanceOfSatisfying(ConduitException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_REACHED));

    TestDatabase.execute("DELETE FROM connections WHERE id = '" + second + "'");
    assertThat(connections.create("alice", "github", null, ConnectionMetadata.empty(), 2).await()).isNotNull();
    assertThat(count("alice")).isEqualTo(2);
  }

  private static Throwable failure(Future<?> attempt) {
    return attempt.transform(done -> Future.succeededFuture(done.cause())).await();
  }

  private long count(String owner) {
    return pool.forOwner(owner).execute("SELECT count(*) FROM connections WHERE owner = $1", Tuple.of(owner)).await()
        .iterator().next().getLong(0);
  }
}
