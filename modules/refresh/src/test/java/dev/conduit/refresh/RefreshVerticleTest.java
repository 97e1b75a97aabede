package dev.conduit.refresh;

import static dev.conduit.refresh.RefreshFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.RefreshRequest;
import dev.conduit.core.bus.RefreshResult;
import dev.conduit.core.bus.RefreshResult.Outcome;
import dev.conduit.core.connection.VendedSecret;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.LogLines;
import dev.conduit.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Refresh on read with the RefreshVerticle and a VaultVerticle deployed alone (no HTTP), on the test database,
 * against a token endpoint on loopback.
 */
@ExtendWith(VertxExtension.class)
class RefreshVerticleTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private static RefreshFixture start(Vertx vertx) throws Exception {
    // a provider timeout no loopback answer reaches even on a loaded machine (a cold JVM's first call took > 10 s)
    return RefreshFixture.start(vertx, RefreshFixture.config(Duration.ofSeconds(30), Duration.ofSeconds(2)));
  }

  private static String accessToken(RefreshFixture fixture, UUID id) throws Exception {
    return ((VendedSecret.OAuth) await(fixture.vendAfterRefresh(id))).accessToken();
  }

  private static ErrorCode vendError(RefreshFixture fixture, UUID id) {
    Throwable failure = catchThrowable(() -> await(fixture.vendAfterRefresh(id)));
    assertThat(failure).isInstanceOf(ReplyException.class);
    return ErrorCode.fromFailureCode(((ReplyException) failure).failureCode());
  }

  @Test
  void aDueTokenIsRefreshedAtTheProviderAndStoredByTheVault(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");

    assertThat(await(fixture.refreshOnRead(id, "req-1")).outcome()).isEqualTo(Outcome.REFRESHED);

    assertThat(fixture.provider.calls()).hasSize(1);
    TokenEndpoint.Call call = fixture.provider.calls().get(0);
    assertThat(call.path()).isEqualTo("/oauth/token");
    assertThat(call.form()).containsEntry("grant_type", "refresh_token").containsEntry("refresh_token", "rt-0");
    assertThat(new String(Base64.getDecoder().decode(call.authorization().substring("Basic ".length())),
        StandardCharsets.US_ASCII)).isEqualTo(RefreshFixture.CLIENT_ID + ":" + RefreshFixture.CLIENT_SECRET);
    assertThat(accessToken(fixture, id)).isEqualTo("at-1");

    assertThat(await(fixture.refreshOnRead(id, "req-2")).outcome()).as("no longer due").isEqualTo(Outcome.CURRENT);
    assertThat(fixture.provider.calls()).hasSize(1);
  }

  @Test
  void concurrentRefreshesOfOneConnectionShareOneProviderCall(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    fixture.provider.hold();

    Future<RefreshResult> first = fixture.refreshOnRead(id, "req-1");
    Awaitility.await().atMost(GENEROUS).until(() -> fixture.provider.calls().size() == 1);
    Future<RefreshResult> second = fixture.refreshOnRead(id, "req-2");
    // the RefreshVerticle handles its messages in order on one event loop: once it has answered a status request
    // sent after the second refresh, the second refresh has found the first one in flight
    await(vertx.eventBus().request(Addresses.REFRESH_STATUS, null));
    fixture.provider.release();

    assertThat(await(first).outcome()).isEqualTo(Outcome.REFRESHED);
    assertThat(await(second).outcome()).as("joined the refresh in flight").isEqualTo(Outcome.REFRESHED);
    assertThat(fixture.provider.calls()).hasSize(1);
    assertThat(accessToken(fixture, id)).isEqualTo("at-1");
  }

  @Test
  void aClaimHeldByAnotherReplicaIsWaitedForThenGivenUpAsTransient(Vertx vertx) throws Exception {
    RefreshFixture fixture = RefreshFixture.start(vertx,
        RefreshFixture.config(Duration.ofMillis(300), Duration.ofMillis(200)));
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    TestDatabase.execute("UPDATE credentials SET lease_owner = 'replica-b', lease_until = now() + interval '1 hour'"
        + " WHERE connection_id = '" + id + "'");

    RefreshResult result = await(fixture.refreshOnRead(id, "req-1"));

    assertThat(result.outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
    assertThat(result.detail()).isEqualTo("another replica's refresh is still running");
    assertThat(fixture.provider.calls()).as("the other replica's claim is honoured").isEmpty();
    assertThat(vendError(fixture, id)).as("the old token has expired").isEqualTo(ErrorCode.PROVIDER_UNAVAILABLE);
  }

  /**
   * A failed forced refresh is recorded in the database (so every replica honours it): the next forced refresh
   * inside 30 s makes no call and reports that failure, with how long until the next attempt is allowed.
   */
  @Test
  void aFailedForcedRefreshCountsTowardTheWindow(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    fixture.provider.fail(503, "{}");
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");

    RefreshResult first = await(fixture.refresh.refresh(new RefreshRequest("alice", id, true, "req-1")));
    RefreshResult second = await(fixture.refresh.refresh(new RefreshRequest("alice", id, true, "req-2")));

    assertThat(first.outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
    assertThat(first.retryAfter()).isEqualTo(RefreshCoordinator.FORCED_REFRESH_INTERVAL);
    assertThat(second.outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
    assertThat(second.detail()).isEqualTo(first.detail());
    assertThat(second.retryAfter()).isPositive().isLessThanOrEqualTo(RefreshCoordinator.FORCED_REFRESH_INTERVAL);
    assertThat(fixture.provider.calls()).hasSize(1);

    // once the window has passed (moved into the past here), a forced refresh calls the provider again
    TestDatabase.execute("UPDATE credentials SET forced_refresh_failed_at = now() - interval '31 seconds'"
        + " WHERE connection_id = '" + id + "'");
    await(fixture.refresh.refresh(new RefreshRequest("alice", id, true, "req-3")));
    assertThat(fixture.provider.calls()).hasSize(2);
  }

  @Test
  void aTokenUrlIsFilledFromTheConnectionsMetadata(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("tenantco", "{\"tenant\":\"eu-west.7\",\"note\":\"x\"}", "rt-0");

    assertThat(await(fixture.refreshOnRead(id, "req-1")).outcome()).isEqualTo(Outcome.REFRESHED);

    assertThat(fixture.provider.calls()).extracting(TokenEndpoint.Call::path).containsExactly("/eu-west.7/oauth/token");
    assertThat(accessToken(fixture, id)).isEqualTo("at-1");
  }

  @Test
  void aTokenUrlWhosePlaceholderTheMetadataCannotFillIsNotCalled(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID missing = fixture.expiredConnection("tenantco", "{}", "rt-0");
    UUID unsafe = fixture.expiredConnection("tenantco", "{\"tenant\":\"evil.com/x?\"}", "rt-0");

    RefreshResult result = await(fixture.refreshOnRead(missing, "req-1"));

    assertThat(result.outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
    assertThat(result.detail()).contains("metadata.tenant");
    assertThat(await(fixture.refreshOnRead(unsafe, "req-2")).outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);
    assertThat(fixture.provider.calls()).isEmpty();
  }

  @Test
  void aDeadRefreshTokenLeavesTheVaultAnsweringNeedsReauth(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    fixture.provider.fail(400, "{\"error\":\"invalid_grant\"}");
    UUID id = fixture.expiredConnection("acme", "{}", "rt-dead");

    assertThat(await(fixture.refreshOnRead(id, "req-1")).outcome()).isEqualTo(Outcome.NEEDS_REAUTH);

    assertThat(vendError(fixture, id)).isEqualTo(ErrorCode.NEEDS_REAUTH);
  }

  @Test
  void theRefreshModulesLogLinesCarryTheRequestIdAndNoToken(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    fixture.provider.fail(503, "{\"error\":\"temporarily_unavailable\"}");
    UUID id = fixture.expiredConnection("acme", "{}", "rt-secret-9");

    try (LogLines log = new LogLines()) {
      assertThat(await(fixture.refreshOnRead(id, "req-trace-42")).outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);

      assertThat(log.lines()).filteredOn(line -> line.contains("refresh deferred")).singleElement()
          .asString().contains("req-trace-42").contains(id.toString());
      assertThat(String.join("\n", log.lines())).doesNotContain("rt-secret-9").doesNotContain("at-0");
    }
  }
}
