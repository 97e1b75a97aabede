package dev.conduit.vault;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.bus.VaultRequest.Vend.Mode;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.connection.VendReply;
import dev.conduit.core.connection.VendedSecret;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.LogLines;
import dev.conduit.store.TestDatabase;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The vault's service on the real test database: what a vend answers, and when it reads the database again. */
@ExtendWith(VertxExtension.class)
class VaultServiceTest {

  private static final KeysetHandle KEYS = VaultKeys.parse(VaultKeys.generate());
  private static final Duration CACHE_TTL = Duration.ofSeconds(30);

  private Vertx vertx;
  private final ManualClock clock = new ManualClock();
  private VaultFixture vault;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    TestDatabase.truncateAll();
    this.vertx = vertx;
    VaultFixture.prepare(vertx);
    vault = VaultFixture.start(vertx, clock, KEYS, 100, CACHE_TTL);
  }

  @AfterEach
  void stop() throws Exception {
    vault.stop();
  }

  private UUID deposited(String owner, CredentialInput credential) throws Exception {
    UUID id = VaultFixture.connection(owner, "acme");
    vault.call(() -> vault.service.deposit(new VaultRequest.Deposit(owner, id, credential, "req-deposit")));
    return id;
  }

  private UUID oauth(String accessToken, String refreshToken, Duration lifetime) throws Exception {
    return deposited("alice", new CredentialInput.OAuthTokens(accessToken, refreshToken,
        clock.instant().plus(lifetime), List.of("repo", "gist"), "bearer"));
  }

  private VendReply vend(UUID id, Mode mode) throws Exception {
    return vault.call(() -> vault.service.vend(new VaultRequest.Vend("alice", id, mode, "req-vend")));
  }

  private VendedSecret secret(UUID id) throws Exception {
    VendReply reply = vend(id, Mode.WHEN_DUE);
    assertThat(reply).isInstanceOf(VendedSecret.class);
    return (VendedSecret) reply;
  }

  private String accessToken(UUID id) throws Exception {
    return ((VendedSecret.OAuth) secret(id)).accessToken();
  }

  private ErrorCode vendError(String owner, UUID id, Mode mode) throws Exception {
    Throwable failure = vault.failure(() -> vault.service.vend(new VaultRequest.Vend(owner, id, mode, "req-vend")));
    assertThat(failure).isInstanceOf(ConduitException.class);
    return ((ConduitException) failure).code();
  }

  @Test
  void eachKindIsVendedWithExactlyItsOwnMaterial() throws Exception {
    Instant expiresAt = clock.instant().plus(Duration.ofHours(1)).truncatedTo(ChronoUnit.SECONDS);
    UUID oauth = deposited("alice", new CredentialInput.OAuthTokens("at-1", "rt-1", expiresAt, List.of("repo"),
        "bearer"));
    UUID apiKey = deposited("alice", new CredentialInput.ApiKey("key-1", "half-2"));
    UUID basic = deposited("alice", new CredentialInput.Basic("ann", "pw-3"));

    assertThat(secret(oauth)).isEqualTo(new VendedSecret.OAuth(oauth, "acme", "at-1", "bearer", expiresAt,
        List.of("repo")));
    assertThat(secret(apiKey)).isEqualTo(new VendedSecret.ApiKey(apiKey, "acme", "key-1", "half-2"));
    assertThat(secret(basic)).isEqualTo(new VendedSecret.Basic(basic, "acme", "ann", "pw-3"));
    assertThat(secret(oauth).toString()).doesNotContain("at-1");
    assertThat(secret(basic).toString()).doesNotContain("ann").doesNotContain("pw-3");
  }

  @Test
  void aTokenInsideItsRefreshWindowIsAnsweredDueAndTheOldOneServedAfterAFailedRefresh() throws Exception {
    UUID id = oauth("at-old", "rt-1", Duration.ofHours(1));
    assertThat(accessToken(id)).isEqualTo("at-old");

    clock.advance(Duration.ofMinutes(51));

    assertThat(vend(id, Mode.WHEN_DUE)).isEqualTo(VendReply.Due.INSTANCE);
    assertThat(((VendedSecret.OAuth) vend(id, Mode.AFTER_REFRESH)).accessToken()).isEqualTo("at-old");
    clock.advance(Duration.ofMinutes(10));
    assertThat(vendError("alice", id, Mode.AFTER_REFRESH)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
  }

  @Test
  void aForcedVendIsDueWheneverThereIsARefreshTokenAndNeverWithoutOne() throws Exception {
    UUID refreshable = oauth("at-1", "rt-1", Duration.ofHours(1));
    UUID fixed = oauth("at-2", null, Duration.ofHours(1));

    assertThat(vend(refreshable, Mode.FORCED)).isEqualTo(VendReply.Due.INSTANCE);
    assertThat(vend(fixed, Mode.FORCED)).isInstanceOf(VendedSecret.OAuth.class);

    clock.advance(Duration.ofMinutes(61));
    assertThat(vendError("alice", fixed, Mode.WHEN_DUE)).isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
  }

  @Test
  void aNewDepositIsVendedAtOnceAndARefreshedOneAfterTheRefresh() throws Exception {
    UUID id = oauth("at-1", "rt-1", Duration.ofHours(1));
    assertThat(accessToken(id)).isEqualTo("at-1");

    vault.call(() -> vault.service.deposit(new VaultRequest.Deposit("alice", id,
        new CredentialInput.OAuthTokens("at-2", "rt-2", clock.instant().plus(Duration.ofHours(1)), List.of(), null),
        "req-deposit")));

    assertThat(accessToken(id)).isEqualTo("at-2");
  }

  @Test
  void revokedDeletedPendingAndOtherOwnersConnectionsAreNotVended() throws Exception {
    UUID revoked = oauth("at-1", "rt-1", Duration.ofHours(1));
    UUID deleted = oauth("at-2", "rt-2", Duration.ofHours(1));
    UUID pending = VaultFixture.connection("alice", "acme");
    accessToken(revoked);
    accessToken(deleted);

    assertThat(vault.call(() -> vault.service.revoke(new VaultRequest.Revoke("alice", revoked, "req-revoke")))
        .status()).isEqualTo(ConnectionStatus.REVOKED);
    vault.call(() -> vault.service.delete(new VaultRequest.Delete("alice", deleted, "req-delete")));

    assertThat(vendError("alice", revoked, Mode.WHEN_DUE)).isEqualTo(ErrorCode.REVOKED);
    assertThat(vendError("alice", deleted, Mode.WHEN_DUE)).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(vendError("alice", pending, Mode.WHEN_DUE)).isEqualTo(ErrorCode.PENDING);
    UUID alices = oauth("at-3", "rt-3", Duration.ofHours(1));
    assertThat(vendError("bob", alices, Mode.WHEN_DUE)).isEqualTo(ErrorCode.NOT_FOUND);
  }

  @Test
  void aSealFromAnotherKeysetIsALoudSpecificErrorLoggedWithTheRequestIdAndNoSecret() throws Exception {
    UUID id = oauth("at-secret", "rt-secret", Duration.ofHours(1));
    VaultFixture otherKeys = VaultFixture.start(vertx, clock, VaultKeys.parse(VaultKeys.generate()), 100, CACHE_TTL);
    try (LogLines log = new LogLines()) {
      Throwable failure = otherKeys.failure(() -> otherKeys.service.vend(
          new VaultRequest.Vend("alice", id, Mode.WHEN_DUE, "req-trace-7")));

      assertThat(failure).isInstanceOf(ConduitException.class);
      assertThat(((ConduitException) failure).code()).isEqualTo(ErrorCode.SEAL_CORRUPT);
      assertThat(failure.getMessage()).doesNotContain("at-secret").contains("keyset");
      assertThat(otherKeys.meters.counter("conduit.vault.open.failures").count()).isEqualTo(1.0);
      assertThat(log.lines()).filteredOn(line -> line.contains("stored secret does not open")).singleElement()
          .asString().contains("req-trace-7").contains(id.toString());
      assertThat(String.join("\n", log.lines())).doesNotContain("at-secret").doesNotContain("rt-secret");
    } finally {
      otherKeys.stop();
    }
  }

  @Test
  void anAlteredCiphertextDoesNotOpen() throws Exception {
    UUID id = oauth("at-secret", "rt-secret", Duration.ofHours(1));
    TestDatabase.execute("UPDATE credentials SET access_token = set_byte(access_token, 20,"
        + " get_byte(access_token, 20) # 1) WHERE connection_id = '" + id + "'");

    assertThat(vendError("alice", id, Mode.WHEN_DUE)).isEqualTo(ErrorCode.SEAL_CORRUPT);
  }

  /** A change nobody announced (the feed never hears it) stands in for "the cache still holds the old row". */
  private static void changedSilently(UUID id) {
    TestDatabase.execute("UPDATE connections SET status = 'needs_reauth' WHERE id = '" + id + "'");
  }

  @Test
  void aCachedEntryIsUsedUntilItExpiresThenReadAgain() throws Exception {
    UUID id = oauth("at-1", "rt-1", Duration.ofHours(1));
    accessToken(id);
    changedSilently(id);

    clock.advance(CACHE_TTL.minusSeconds(1));
    assertThat(accessToken(id)).as("still cached").isEqualTo("at-1");
    clock.advance(Duration.ofSeconds(2));

    assertThat(vendError("alice", id, Mode.WHEN_DUE)).as("expired: read again").isEqualTo(ErrorCode.NEEDS_REAUTH);
  }

  @Test
  void anEntryEvictedByNewerOnesIsReadAgain() throws Exception {
    vault.stop();
    vault = VaultFixture.start(vertx, clock, KEYS, 2, CACHE_TTL);
    UUID first = oauth("at-1", "rt-1", Duration.ofHours(1));
    UUID second = oauth("at-2", "rt-2", Duration.ofHours(1));
    UUID third = oauth("at-3", "rt-3", Duration.ofHours(1));
    accessToken(first);
    accessToken(second);
    changedSilently(first);
    changedSilently(second);
    assertThat(accessToken(second)).as("still cached").isEqualTo("at-2");

    accessToken(third);

    assertThat(vendError("alice", first, Mode.WHEN_DUE)).as("evicted: read again").isEqualTo(ErrorCode.NEEDS_REAUTH);
    assertThat(accessToken(second)).as("recently used: kept").isEqualTo("at-2");
  }

  @Test
  void aChangeAnnouncedByAnotherReplicaInvalidatesTheCachedEntry() throws Exception {
    UUID id = oauth("at-1", "rt-1", Duration.ofHours(1));
    accessToken(id);

    VaultFixture.changedElsewhere(id, "UPDATE connections SET status = 'needs_reauth' WHERE id = '" + id + "'");

    assertThat(vendError("alice", id, Mode.WHEN_DUE)).isEqualTo(ErrorCode.NEEDS_REAUTH);
  }
}
