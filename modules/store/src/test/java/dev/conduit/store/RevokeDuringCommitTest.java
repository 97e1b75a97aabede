package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A refresh commit touches only the credential row, so it can land after a revoke (or delete) has locked the
 * connection and read the credential, and before it deletes the credential. What the revoke hands on for revocation
 * at the provider must be the credential it deleted — holding the refresh token the commit stored — not the one it
 * read.
 */
@ExtendWith(VertxExtension.class)
class RevokeDuringCommitTest {

  private static final Duration GENEROUS = Duration.ofSeconds(30);

  private Database pool;
  private CredentialRepository credentials;
  private UUID id;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    credentials = new CredentialRepository(pool);
    id = UUID.randomUUID();
    TestDatabase.execute("INSERT INTO connections (id, owner, connector, status) VALUES ('" + id
        + "', 'alice', 'acme', 'active')");
    TestDatabase.execute("INSERT INTO credentials (connection_id, owner, connector, kind, kek_key_id, wrapped_key,"
        + " access_token, refresh_token) VALUES ('" + id + "', 'alice', 'acme', 'oauth2', 1, 'key'::bytea,"
        + " 'at-old'::bytea, 'rt-old'::bytea)");
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void aRevokeHandsOnTheRefreshTokenACommitStoredWhileItRan() throws Exception {
    VaultRow destroyed = whileACommitLands(
        () -> credentials.revoke("alice", id, "revoked_by_owner").map(CredentialRepository.Revoked::previous));

    assertThat(destroyed.credential().secretVersion()).isEqualTo(2);
    assertThat(new String(destroyed.credential().sealed().refreshToken(), StandardCharsets.US_ASCII))
        .isEqualTo("rt-new");
  }

  @Test
  void aDeleteHandsOnTheRefreshTokenACommitStoredWhileItRan() throws Exception {
    VaultRow destroyed = whileACommitLands(
        () -> credentials.delete("alice", id).map(CredentialRepository.Deleted::previous));

    assertThat(new String(destroyed.credential().sealed().refreshToken(), StandardCharsets.US_ASCII))
        .isEqualTo("rt-new");
  }

  /**
   * Holds the credential row locked, starts {@code change}, waits until its delete is blocked on that row, then
   * stores a new refresh token (as a refresh commit does) and lets go.
   */
  private VaultRow whileACommitLands(Supplier<Future<VaultRow>> change) throws Exception {
    DatabaseUrl database = TestDatabase.url();
    try (Connection commit = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      commit.setAutoCommit(false);
      commit.createStatement().execute("SELECT 1 FROM credentials WHERE connection_id = '" + id + "' FOR UPDATE");

      Future<VaultRow> running = change.get();
      Awaitility.await().atMost(GENEROUS).until(RevokeDuringCommitTest::deleteBlocked);
      commit.createStatement().execute("UPDATE credentials SET refresh_token = 'rt-new'::bytea,"
          + " secret_version = secret_version + 1 WHERE connection_id = '" + id + "'");
      commit.commit();

      return running.toCompletionStage().toCompletableFuture().get(GENEROUS.toSeconds(), TimeUnit.SECONDS);
    }
  }

  private static boolean deleteBlocked() throws Exception {
    DatabaseUrl database = TestDatabase.url();
    try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.user(),
        database.password()); ResultSet rows = connection.createStatement().executeQuery(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'DELETE FROM%'")) {
      rows.next();
      return rows.getInt(1) > 0;
    }
  }
}
