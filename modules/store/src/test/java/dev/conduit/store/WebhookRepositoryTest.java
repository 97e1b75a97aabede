package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.webhook.Delivery;
import dev.conduit.core.webhook.DeliveryStatus;
import dev.conduit.core.webhook.EndpointStatus;
import dev.conduit.core.webhook.EventType;
import dev.conduit.core.webhook.WebhookBody;
import dev.conduit.core.webhook.WebhookEndpoint;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Webhook endpoints, the outbox and deliveries on a real PostgreSQL, with the typed names they are stored under. */
@ExtendWith(VertxExtension.class)
class WebhookRepositoryTest {

  private static final byte[] SEALED = {1, 2, 3};
  /** A limit of endpoints no test here reaches. */
  private static final int MANY = 100;

  private Database pool;
  private WebhookRepository webhooks;
  private DeliveryRepository deliveries;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    webhooks = new WebhookRepository(pool);
    deliveries = new DeliveryRepository(pool);
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  private WebhookEndpoint endpoint(EventType... events) {
    return webhooks.create(UUID.randomUUID(), "alice", "https://hooks.example.com/conduit", List.of(events), 1,
        SEALED, SEALED, MANY).await();
  }

  @Test
  void anEndpointKeepsItsEventTypes() {
    WebhookEndpoint created = endpoint(EventType.CONNECTION_REVOKED, EventType.WEBHOOK_TEST);

    WebhookEndpoint found = webhooks.find("alice", created.id()).await().orElseThrow();
    assertThat(found.events()).containsExactly(EventType.CONNECTION_REVOKED, EventType.WEBHOOK_TEST);
    assertThat(found.status()).isEqualTo(EndpointStatus.ACTIVE);
  }

  @Test
  void aConnectionEventReachesEndpointsSubscribedToItsTypeWithTheBodyBuiltForIt() {
    WebhookEndpoint subscribed = endpoint(EventType.CONNECTION_REVOKED);
    WebhookEndpoint other = endpoint(EventType.CONNECTION_NEEDS_REAUTH);
    Connection connection = new ConnectionRepository(pool).create("alice", "github", null, ConnectionMetadata.empty(),
        MANY).await();

    CredentialRepository.Revoked revoked = new CredentialRepository(pool).revoke("alice", connection.id(),
        "owner_request").await();

    List<DeliveryRepository.Claimed> claimed = deliveries.claimDue(Duration.ofMinutes(1), 10).await();
    assertThat(claimed).singleElement().satisfies(delivery -> {
      assertThat(delivery.endpointId()).isEqualTo(subscribed.id()).isNotEqualTo(other.id());
      assertThat(delivery.payload()).isEqualTo(WebhookBody.of(revoked.event()));
      assertThat(delivery.endpointStatus()).isEqualTo(EndpointStatus.ACTIVE);
    });
    JsonObject body = new JsonObject(claimed.get(0).payload());
    assertThat(body.getString("type")).isEqualTo("connection.revoked");
    assertThat(body.getJsonObject("data").getString("status")).isEqualTo("revoked");
    assertThat(revoked.event().status()).isEqualTo(ConnectionStatus.REVOKED);
  }

  @Test
  void aTestEventIsQueuedForItsEndpointWithTheTestBody() {
    WebhookEndpoint endpoint = endpoint(EventType.CONNECTION_REVOKED);

    String eventId = webhooks.test("alice", endpoint.id()).await();

    DeliveryRepository.Claimed claimed = deliveries.claimDue(Duration.ofMinutes(1), 10).await().get(0);
    assertThat(claimed.eventId()).isEqualTo(eventId);
    JsonObject body = new JsonObject(claimed.payload());
    assertThat(body.getString("type")).isEqualTo("webhook.test");
    assertThat(body.getJsonObject("data"))
        .isEqualTo(new JsonObject().put("webhookId", endpoint.id().toString()).put("owner", "alice"));
  }

  @Test
  void deliveriesArePagedNewestFirstAndShowTheirOutcome() {
    WebhookEndpoint endpoint = endpoint(EventType.WEBHOOK_TEST);
    for (int i = 0; i < 3; i++) {
      webhooks.test("alice", endpoint.id()).await();
    }
    DeliveryRepository.Claimed first = deliveries.claimDue(Duration.ofMinutes(1), 1).await().get(0);
    deliveries.recordAttempt(first.id(), 1, 410, "the receiver answered 410 Gone", 12, DeliveryStatus.FAILED, null,
        new DeliveryRepository.EndpointChange(EndpointStatus.DISABLED, "the receiver answered 410 Gone")).await();

    Page<Delivery> page1 = webhooks.deliveries("alice", endpoint.id(), new PageRequest(null, 2)).await();
    Page<Delivery> page2 = webhooks.deliveries("alice", endpoint.id(),
        new PageRequest(Cursor.decode(page1.nextCursor()), 2)).await();

    assertThat(page1.items()).hasSize(2);
    assertThat(page2.items()).hasSize(1);
    assertThat(page2.nextCursor()).isNull();
    List<Delivery> all = new ArrayList<>(page1.items());
    all.addAll(page2.items());
    assertThat(all).extracting(Delivery::id).doesNotHaveDuplicates().contains(first.id());
    assertThat(all).extracting(Delivery::eventType).containsOnly(EventType.WEBHOOK_TEST);
    assertThat(all).filteredOn(d -> d.id().equals(first.id())).singleElement()
        .satisfies(d -> assertThat(d.status()).isEqualTo(DeliveryStatus.FAILED));
    assertThat(all).filteredOn(d -> !d.id().equals(first.id())).extracting(Delivery::status)
        .containsOnly(DeliveryStatus.PENDING);
    assertThat(webhooks.find("alice", endpoint.id()).await().orElseThrow().status())
        .isEqualTo(EndpointStatus.DISABLED);
  }

  // --- secret rotation --------------------------------------------------------------------------------------------

  private static final byte[] SECOND = {9, 9};
  private static final byte[] THIRD = {8};

  /** The claim of a new test event of {@code endpoint}: the sealed secrets a delivery would be signed with now. */
  private DeliveryRepository.Claimed claimTest(WebhookEndpoint endpoint) {
    String eventId = webhooks.test("alice", endpoint.id()).await();
    return deliveries.claimDue(Duration.ofMinutes(1), 10).await().stream()
        .filter(claimed -> claimed.eventId().equals(eventId)).findFirst().orElseThrow();
  }

  @Test
  void aRotationSealsTheNextVersionAndTheClaimCarriesTheReplacedSecretOnlyWhileTheOverlapLasts() {
    WebhookEndpoint endpoint = endpoint(EventType.WEBHOOK_TEST);
    List<WebhookRepository.SealedSecret> seen = new ArrayList<>();

    WebhookRepository.Rotated rotated = webhooks.rotateSecret("alice", endpoint.id(), Duration.ofHours(1), stored -> {
      seen.add(stored);
      return SECOND;
    }).await().orElseThrow();

    assertThat(seen).singleElement().satisfies(stored -> {
      assertThat(stored.kekKeyId()).isEqualTo(1);
      assertThat(stored.wrappedKey()).isEqualTo(SEALED);
      assertThat(stored.secret()).isEqualTo(SEALED);
      assertThat(stored.version()).isEqualTo(1);
    });
    assertThat(rotated.endpoint().id()).isEqualTo(endpoint.id());
    assertThat(rotated.previousSecretUntil()).isBetween(java.time.Instant.now().plus(Duration.ofMinutes(50)),
        java.time.Instant.now().plus(Duration.ofMinutes(70)));
    DeliveryRepository.Claimed during = claimTest(endpoint);
    assertThat(during.sealedSecret()).isEqualTo(SECOND);
    assertThat(during.secretVersion()).isEqualTo(2);
    assertThat(during.previousSecret()).isEqualTo(SEALED);
    assertThat(during.wrappedKey()).as("the data key stays").isEqualTo(SEALED);

    TestDatabase.execute("UPDATE webhook_endpoints SET previous_secret_until = now() - interval '1 second'");
    DeliveryRepository.Claimed after = claimTest(endpoint);
    assertThat(after.sealedSecret()).isEqualTo(SECOND);
    assertThat(after.secretVersion()).isEqualTo(2);
    assertThat(after.previousSecret()).isNull();
  }

  @Test
  void aSecondRotationReplacesTheSecretInUseAndDropsTheOneBeforeIt() {
    WebhookEndpoint endpoint = endpoint(EventType.WEBHOOK_TEST);
    webhooks.rotateSecret("alice", endpoint.id(), Duration.ofHours(1), stored -> SECOND).await().orElseThrow();
    List<Long> versions = new ArrayList<>();

    webhooks.rotateSecret("alice", endpoint.id(), Duration.ofHours(1), stored -> {
      versions.add(stored.version());
      assertThat(stored.secret()).isEqualTo(SECOND);
      return THIRD;
    }).await().orElseThrow();

    assertThat(versions).containsExactly(2L);
    DeliveryRepository.Claimed claimed = claimTest(endpoint);
    assertThat(claimed.sealedSecret()).isEqualTo(THIRD);
    assertThat(claimed.secretVersion()).isEqualTo(3);
    assertThat(claimed.previousSecret()).isEqualTo(SECOND);
  }

  @Test
  void anotherOwnersOrAnUnknownEndpointIsNotRotatedAndAFailedSealChangesNothing() {
    WebhookEndpoint endpoint = endpoint(EventType.WEBHOOK_TEST);
    List<WebhookRepository.SealedSecret> seen = new ArrayList<>();

    assertThat(webhooks.rotateSecret("bob", endpoint.id(), Duration.ofHours(1), stored -> {
      seen.add(stored);
      return SECOND;
    }).await()).isEmpty();
    assertThat(webhooks.rotateSecret("alice", UUID.randomUUID(), Duration.ofHours(1), stored -> SECOND).await())
        .isEmpty();
    Future<?> failed = webhooks.rotateSecret("alice", endpoint.id(), Duration.ofHours(1), stored -> {
      throw new IllegalStateException("the data key does not open");
    });
    assertThat(failed.otherwiseEmpty().await()).isNull();
    assertThat(failed.failed()).isTrue();

    assertThat(seen).isEmpty();
    DeliveryRepository.Claimed claimed = claimTest(endpoint);
    assertThat(claimed.sealedSecret()).isEqualTo(SEALED);
    assertThat(claimed.secretVersion()).isEqualTo(1);
    assertThat(claimed.previousSecret()).isNull();
    assertThat(webhooks.find("alice", endpoint.id()).await().orElseThrow().updatedAt())
        .isEqualTo(endpoint.updatedAt());
  }

  @Test
  void concurrentCreatesOfOneOwnerStopExactlyAtTheLimitAndADeleteMakesRoom(Vertx vertx) {
    // a pool of its own, wide enough that all twenty creates are in flight together
    Pool wide = PgBuilder.pool().with(new PoolOptions().setMaxSize(20))
        .connectingTo(PgPools.asAppRole(TestDatabase.url())).using(vertx).build();
    try {
      WebhookRepository racing = new WebhookRepository(new Database(vertx, wide, Duration.ofSeconds(30)));
      List<Future<WebhookEndpoint>> attempts = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        attempts.add(racing.create(UUID.randomUUID(), "alice", "https://hooks.example.com/" + i,
            List.of(EventType.WEBHOOK_TEST), 1, SEALED, SEALED, 5));
      }
      Future.join(attempts).otherwiseEmpty().await();

      assertThat(attempts).filteredOn(Future::succeeded).hasSize(5);
      assertThat(attempts).filteredOn(Future::failed).hasSize(15).allSatisfy(failed ->
          assertThat(failed.cause()).isInstanceOfSatisfying(ConduitException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.LIMIT_REACHED);
            assertThat(e.detail()).isEqualTo("This owner already has 5 webhook endpoints, the most allowed"
                + " (limits.webhooks-per-owner). Delete one to make room.");
          }));
      assertThat(webhooks.list("alice").await()).hasSize(5);
      assertThat(webhooks.create(UUID.randomUUID(), "bob", "https://hooks.example.com/bob",
          List.of(EventType.WEBHOOK_TEST), 1, SEALED, SEALED, 5).await()).isNotNull();

      WebhookEndpoint gone = attempts.stream().filter(Future::succeeded).findFirst().orElseThrow().result();
      assertThat(webhooks.delete("alice", gone.id()).await()).isTrue();
      assertThat(webhooks.create(UUID.randomUUID(), "alice", "https://hooks.example.com/again",
          List.of(EventType.WEBHOOK_TEST), 1, SEALED, SEALED, 5).await()).isNotNull();
      assertThat(webhooks.list("alice").await()).hasSize(5);
    } finally {
      wide.close().await();
    }
  }
}
