package dev.conduit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.webhook.EventType;
import dev.conduit.store.Database;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.DeliveryRepository;
import dev.conduit.store.PgPools;
import dev.conduit.store.TestDatabase;
import dev.conduit.store.WebhookRepository;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Webhook secret rotation in the vault, on a real PostgreSQL with the real sealer: what a delivery claim reads
 * afterwards opens to the new secret and, during the overlap, the replaced one; a replaced ciphertext cannot pass
 * for the current one; and re-wrapping the data key under a new primary leaves both secrets readable.
 */
@ExtendWith(VertxExtension.class)
class WebhookSecretsTest {

  private static final String KEYSET = VaultKeys.generate();

  private Database pool;
  private WebhookRepository webhooks;
  private DeliveryRepository deliveries;
  private SimpleMeterRegistry meters;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    webhooks = new WebhookRepository(pool);
    deliveries = new DeliveryRepository(pool);
    meters = new SimpleMeterRegistry();
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
    // rows sealed under this class's keyset must not be left for another class's keyset check
    TestDatabase.truncateAll();
  }

  private WebhookSecrets secrets(KeysetHandle keyset) {
    return new WebhookSecrets(webhooks, new EnvelopeSealer(keyset), new VaultMetrics(meters), 100,
        Duration.ofHours(24));
  }

  private WebhookRequest.Created create(WebhookSecrets secrets, String owner) {
    return secrets.create(new WebhookRequest.Create(owner, "https://hooks.example.com/" + owner,
        List.of(EventType.WEBHOOK_TEST))).await();
  }

  /** What a delivery of a new test event would be signed with: claimed, then opened, as the dispatcher does. */
  private WebhookRequest.SigningSecrets signingSecrets(WebhookSecrets secrets, String owner, UUID endpointId) {
    return secrets.open(openRequest(owner, endpointId)).await();
  }

  private WebhookRequest.OpenSecret openRequest(String owner, UUID endpointId) {
    String eventId = webhooks.test(owner, endpointId).await();
    DeliveryRepository.Claimed claimed = deliveries.claimDue(Duration.ofMinutes(1), 10).await().stream()
        .filter(delivery -> delivery.eventId().equals(eventId)).findFirst().orElseThrow();
    return new WebhookRequest.OpenSecret(owner, endpointId, claimed.kekKeyId(), claimed.wrappedKey(),
        claimed.sealedSecret(), claimed.secretVersion(), claimed.previousSecret());
  }

  @Test
  void aRotatedEndpointIsSignedWithTheNewSecretAndDuringTheOverlapTheReplacedOne() {
    WebhookSecrets secrets = secrets(VaultKeys.parse(KEYSET));
    WebhookRequest.Created created = create(secrets, "alice");
    UUID id = created.endpoint().id();
    assertThat(signingSecrets(secrets, "alice", id).all()).containsExactly(created.secret());

    WebhookRequest.Rotated rotated = secrets.rotate(new WebhookRequest.RotateSecret("alice", id)).await();

    assertThat(rotated.secret()).matches("whsec_[A-Za-z0-9+/]{43}=").isNotEqualTo(created.secret());
    assertThat(rotated.endpoint().id()).isEqualTo(id);
    assertThat(rotated.toString()).doesNotContain(rotated.secret());
    WebhookRequest.SigningSecrets during = signingSecrets(secrets, "alice", id);
    assertThat(during.all()).containsExactly(rotated.secret(), created.secret());
    assertThat(during.toString()).doesNotContain(rotated.secret()).doesNotContain(created.secret());

    TestDatabase.execute("UPDATE webhook_endpoints SET previous_secret_until = now() - interval '1 second'");
    assertThat(signingSecrets(secrets, "alice", id).all()).containsExactly(rotated.secret());
  }

  @Test
  void aSecondRotationDuringTheOverlapReplacesTheSecretInUse() {
    WebhookSecrets secrets = secrets(VaultKeys.parse(KEYSET));
    WebhookRequest.Created created = create(secrets, "alice");
    UUID id = created.endpoint().id();
    WebhookRequest.Rotated first = secrets.rotate(new WebhookRequest.RotateSecret("alice", id)).await();

    WebhookRequest.Rotated second = secrets.rotate(new WebhookRequest.RotateSecret("alice", id)).await();

    assertThat(signingSecrets(secrets, "alice", id).all()).containsExactly(second.secret(), first.secret())
        .doesNotContain(created.secret());
  }

  @Test
  void theReplacedCiphertextPutBackAsTheCurrentOneDoesNotOpen() {
    WebhookSecrets secrets = secrets(VaultKeys.parse(KEYSET));
    UUID id = create(secrets, "alice").endpoint().id();
    secrets.rotate(new WebhookRequest.RotateSecret("alice", id)).await();
    TestDatabase.execute("UPDATE webhook_endpoints SET secret = previous_secret");

    Future<WebhookRequest.SigningSecrets> opened = secrets.open(openRequest("alice", id));

    assertThat(opened.otherwiseEmpty().await()).isNull();
    assertThat(opened.cause()).isInstanceOfSatisfying(ConduitException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SEAL_CORRUPT));
    assertThat(meters.get("conduit.vault.open.failures").counter().count()).isEqualTo(1);
  }

  @Test
  void anotherOwnersEndpointOrAnUnknownOneIsNotFoundAndKeepsItsSecret() {
    WebhookSecrets secrets = secrets(VaultKeys.parse(KEYSET));
    WebhookRequest.Created created = create(secrets, "alice");
    UUID id = created.endpoint().id();

    for (WebhookRequest.RotateSecret request : List.of(new WebhookRequest.RotateSecret("bob", id),
        new WebhookRequest.RotateSecret("alice", UUID.randomUUID()))) {
      Future<WebhookRequest.Rotated> rotated = secrets.rotate(request);
      assertThat(rotated.otherwiseEmpty().await()).isNull();
      assertThat(rotated.cause()).isInstanceOfSatisfying(ConduitException.class,
          e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    assertThat(signingSecrets(secrets, "alice", id).all()).containsExactly(created.secret());
  }

  @Test
  void aRotationUnderAKeysetThatDoesNotOpenTheDataKeyFailsLoudlyAndChangesNothing() {
    WebhookSecrets secrets = secrets(VaultKeys.parse(KEYSET));
    WebhookRequest.Created created = create(secrets, "alice");
    UUID id = created.endpoint().id();

    Future<WebhookRequest.Rotated> rotated = secrets(VaultKeys.parse(VaultKeys.generate()))
        .rotate(new WebhookRequest.RotateSecret("alice", id));

    assertThat(rotated.otherwiseEmpty().await()).isNull();
    assertThat(rotated.cause()).isInstanceOfSatisfying(ConduitException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SEAL_CORRUPT));
    assertThat(signingSecrets(secrets, "alice", id).all()).containsExactly(created.secret());
  }

  @Test
  void rewrapAndTheKeysetCheckStillWorkForARotatedEndpoint() throws Exception {
    WebhookRequest.Created created = create(secrets(VaultKeys.parse(KEYSET)), "alice");
    UUID id = created.endpoint().id();
    WebhookRequest.Rotated rotated = secrets(VaultKeys.parse(KEYSET))
        .rotate(new WebhookRequest.RotateSecret("alice", id)).await();
    KeysetHandle newPrimary = VaultKeys.parse(KeyRotation.rotate(KEYSET));

    DatabaseUrl database = TestDatabase.url();
    try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      Rewrapper.Result result = new Rewrapper(jdbc, new EnvelopeSealer(newPrimary), 10)
          .run((done, total, rate) -> { });
      assertThat(result.rewrapped()).isEqualTo(1);
      assertThat(result.unopenable()).isZero();
      assertThat(new KeysetCheck(jdbc, newPrimary).problem()).isEmpty();
    }

    assertThat(signingSecrets(secrets(newPrimary), "alice", id).all())
        .containsExactly(rotated.secret(), created.secret());
  }
}
