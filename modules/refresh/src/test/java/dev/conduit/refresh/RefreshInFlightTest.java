package dev.conduit.refresh;

import static dev.conduit.refresh.RefreshFixture.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.conduit.core.bus.RefreshResult;
import dev.conduit.core.bus.RefreshResult.Outcome;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.PgPools;
import dev.conduit.store.RefreshRepository;
import dev.conduit.store.TestDatabase;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A refresh whose outcome never got recorded (its replica died mid-call), and a connection revoked or deleted while
 * its refresh call is in flight: what the provider may have done with the refresh token is never lost track of.
 */
@ExtendWith(VertxExtension.class)
class RefreshInFlightTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);
  private static final String INVALID_GRANT = "{\"error\":\"invalid_grant\"}";

  private static RefreshFixture start(Vertx vertx) throws Exception {
    return RefreshFixture.start(vertx, RefreshFixture.config(Duration.ofSeconds(30), Duration.ofSeconds(2)));
  }

  /** One value from the test database. */
  private static String query(String sql) throws Exception {
    DatabaseUrl database = TestDatabase.url();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); ResultSet rows = connection.createStatement().executeQuery(sql)) {
      return rows.next() ? rows.getString(1) : null;
    }
  }

  private static String statusReason(UUID id) throws Exception {
    return query("SELECT status || ' ' || coalesce(status_reason, '-') FROM connections WHERE id = '" + id + "'");
  }

  private static void makeDue(UUID id) {
    TestDatabase.execute("UPDATE credentials SET refresh_due_at = now() WHERE connection_id = '" + id + "'");
  }

  /**
   * What a replica does up to its provider call, by the repository it uses: claim, then mark the refresh token as
   * sent. It then dies (kill -9) before any answer: nothing releases the claim, which runs out.
   */
  private static void replicaDiesAfterSending(Vertx vertx, UUID id) throws Exception {
    RefreshRepository dead = new RefreshRepository(PgPools.shared(vertx, TestDatabase.url(), 2));
    RefreshRepository.Claim claim = await(dead.acquire("alice", id, "replica-dead", Duration.ofMinutes(1)))
        .orElseThrow();
    assertThat(await(dead.markSent(id, "replica-dead", claim.secretVersion()))).isTrue();
    TestDatabase.execute("UPDATE credentials SET lease_until = now() - interval '1 second' WHERE connection_id = '"
        + id + "'");
  }

  @Test
  void aRefreshTokenRefusedAfterAReplicaDiedMidCallWasLostInFlight(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    replicaDiesAfterSending(vertx, id);
    // strict rotation: the dead replica's call was honoured, so the refresh token the survivor holds is spent
    fixture.provider.fail(400, INVALID_GRANT);

    RefreshResult result = await(fixture.refreshOnRead(id, "req-survivor"));

    assertThat(result.outcome()).isEqualTo(Outcome.NEEDS_REAUTH);
    assertThat(fixture.provider.calls()).singleElement()
        .satisfies(call -> assertThat(call.form()).containsEntry("refresh_token", "rt-0"));
    assertThat(statusReason(id)).isEqualTo("needs_reauth refresh_token_lost_in_flight");
  }

  @Test
  void theRefreshTokenIsMarkedAsSentBeforeTheCallAndTheMarkEndsWithTheAnswer(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    fixture.provider.hold();

    Future<RefreshResult> refresh = fixture.refreshOnRead(id, "req-1");
    Awaitility.await().atMost(GENEROUS).until(() -> fixture.provider.calls().size() == 1);

    String where = " FROM credentials WHERE connection_id = '" + id + "'";
    assertThat(query("SELECT refresh_sent_version = secret_version" + where))
        .as("a replica dying now leaves this behind").isEqualTo("t");
    fixture.provider.release();
    assertThat(await(refresh).outcome()).isEqualTo(Outcome.REFRESHED);
    assertThat(query("SELECT coalesce(refresh_sent_version = secret_version, false)" + where)).isEqualTo("f");
    assertThat(query("SELECT refresh_in_doubt" + where)).isEqualTo("f");
  }

  @Test
  void aRefreshTokenRefusedAfterAnAnsweredFailureIsSimplyDead(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    fixture.provider.fail(503, "{}");
    assertThat(await(fixture.refreshOnRead(id, "req-1")).outcome()).isEqualTo(Outcome.TRANSIENT_FAILURE);

    fixture.provider.fail(400, INVALID_GRANT);
    makeDue(id);
    assertThat(await(fixture.refreshOnRead(id, "req-2")).outcome()).isEqualTo(Outcome.NEEDS_REAUTH);

    assertThat(statusReason(id)).as("the 503 was an answer: nothing was rotated")
        .isEqualTo("needs_reauth invalid_grant");
  }

  /**
   * A refresh on read finds another replica's claim and waits for it; that claim lapses and this replica's sweep takes
   * it. The sweep must refresh, not join the read in flight here: the read waits for whoever holds the claim — now
   * the sweep itself — so joining it would leave the claim held, and the credential stale, until the lease runs out.
   * (The sweep runs every millisecond and the read looks every 100 ms, so the sweep nearly always claims first.)
   */
  @Test
  void theSweepRefreshesWhatAReadHereIsWaitingFor(Vertx vertx) throws Exception {
    RefreshFixture fixture = RefreshFixture.start(vertx, new RefreshConfig(Duration.ofMinutes(10),
        Duration.ofMillis(1), 50, Duration.ofSeconds(2), Duration.ofMinutes(10), Duration.ofSeconds(1),
        Duration.ofHours(1), Duration.ofHours(1), List.of()));
    UUID id = fixture.connection("acme", "{}", "rt-0", Instant.now().plus(Duration.ofHours(1)));
    String credential = " WHERE connection_id = '" + id + "'";
    TestDatabase.execute("UPDATE credentials SET refresh_due_at = now(), lease_owner = 'replica-b',"
        + " lease_until = now() + interval '10 minutes'" + credential);

    Future<RefreshResult> read = fixture.refreshOnRead(id, "req-read");
    Awaitility.await().during(Duration.ofMillis(500)).atMost(GENEROUS).until(() -> !read.isComplete());
    TestDatabase.execute("UPDATE credentials SET lease_until = now()" + credential);

    Awaitility.await().atMost(GENEROUS).until(() -> "f".equals(query("SELECT lease_until IS NOT NULL"
        + " FROM credentials" + credential)) && fixture.provider.calls().size() == 1);
    assertThat(query("SELECT refresh_due_at > now() + interval '30 minutes' FROM credentials" + credential))
        .as("refreshed: due again only shortly before the new token expires").isEqualTo("t");
    assertThat(await(read).outcome()).isIn(Outcome.CURRENT, Outcome.TRANSIENT_FAILURE);
  }

  @Test
  void aRevokeWhileTheRefreshIsInFlightAlsoRevokesTheRefreshTokenItProduced(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    fixture.provider.hold();
    Future<RefreshResult> refresh = fixture.refreshOnRead(id, "req-1");
    Awaitility.await().atMost(GENEROUS).until(() -> fixture.provider.calls().size() == 1);

    await(fixture.vault.revoke(new VaultRequest.Revoke("alice", id, "req-revoke")));
    Awaitility.await().atMost(GENEROUS).until(() -> fixture.provider.revoked().contains("rt-0"));
    // the provider had already rotated rt-0 into rt-1, which the revocation above does not reach
    fixture.provider.release();
    await(refresh);

    Awaitility.await().atMost(GENEROUS).untilAsserted(() ->
        assertThat(fixture.provider.revoked()).containsExactlyInAnyOrder("rt-0", "rt-1"));
    assertThat(statusReason(id)).startsWith("revoked ");
    assertThat(query("SELECT count(*) FROM credentials WHERE connection_id = '" + id + "'")).isEqualTo("0");
    assertThat(vendError(fixture, id)).isEqualTo(ErrorCode.REVOKED);
  }

  @Test
  void aDeleteWhileTheRefreshIsInFlightAlsoRevokesTheRefreshTokenItProduced(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    fixture.provider.hold();
    Future<RefreshResult> refresh = fixture.refreshOnRead(id, "req-1");
    Awaitility.await().atMost(GENEROUS).until(() -> fixture.provider.calls().size() == 1);

    await(fixture.vault.delete(new VaultRequest.Delete("alice", id, "req-delete")));
    fixture.provider.release();
    await(refresh);

    Awaitility.await().atMost(GENEROUS).untilAsserted(() ->
        assertThat(fixture.provider.revoked()).containsExactlyInAnyOrder("rt-0", "rt-1"));
    assertThat(query("SELECT count(*) FROM connections WHERE id = '" + id + "'")).isEqualTo("0");
  }

  @Test
  void aRevokeAfterTheRefreshRevokesTheRefreshTokenItStored(Vertx vertx) throws Exception {
    RefreshFixture fixture = start(vertx);
    UUID id = fixture.expiredConnection("acme", "{}", "rt-0");
    assertThat(await(fixture.refreshOnRead(id, "req-1")).outcome()).isEqualTo(Outcome.REFRESHED);

    await(fixture.vault.revoke(new VaultRequest.Revoke("alice", id, "req-revoke")));

    Awaitility.await().atMost(GENEROUS).untilAsserted(() ->
        assertThat(fixture.provider.revoked()).containsExactly("rt-1"));
  }

  private static ErrorCode vendError(RefreshFixture fixture, UUID id) {
    Throwable failure = catchThrowable(() -> await(fixture.vendAfterRefresh(id)));
    assertThat(failure).isInstanceOf(ReplyException.class);
    return ErrorCode.fromFailureCode(((ReplyException) failure).failureCode());
  }
}
