package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.webhook.WebhookBody;
import dev.conduit.store.EventFeedRepository.CursorGone;
import dev.conduit.store.EventFeedRepository.Events;
import dev.conduit.store.EventFeedRepository.StoredEvent;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The outbox read as an event feed on a real PostgreSQL: owner-scoped, oldest first after a cursor, and never
 * handing out an event while a transaction that began writing before it is still open — so a cursor cannot move
 * past an event that commits later.
 */
@ExtendWith(VertxExtension.class)
class EventFeedRepositoryTest {

  private Database pool;
  private EventFeedRepository feed;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    // generous: the first statement of a run, on a busy machine, has been seen to take longer than the default 5 s
    pool = PgPools.shared(vertx, TestDatabase.url().withQueryTimeout(Duration.ofSeconds(30)), 4);
    feed = new EventFeedRepository(pool);
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void pagesAreTheOwnersOwnOldestFirstAfterTheCursor() throws SQLException {
    try (Connection jdbc = connect()) {
      String one = insert(jdbc, "alice");
      String other = insert(jdbc, "bob");
      String two = insert(jdbc, "alice");
      String three = insert(jdbc, "alice");

      assertThat(ids(read("alice", null, 10))).containsExactly(one, two, three);
      assertThat(ids(read("alice", null, 2))).containsExactly(one, two);
      assertThat(ids(read("alice", two, 10))).containsExactly(three);
      assertThat(ids(read("alice", three, 10))).isEmpty();
      assertThat(ids(read("bob", null, 10))).containsExactly(other);
      // another owner's event is no cursor of alice's: answered as if it were gone, nothing about bob's shows
      assertThat(feed.after("alice", other, 10).await()).isInstanceOf(CursorGone.class);
      assertThat(feed.after("alice", "evt_never", 10).await()).isInstanceOf(CursorGone.class);
    }
  }

  @Test
  void anEventCommittedAfterALaterOneIsNeitherSkippedNorHandedOutOfOrder() throws SQLException {
    try (Connection early = connect(); Connection late = connect(); Connection plain = connect()) {
      String first = insert(plain, "alice");
      early.setAutoCommit(false);
      late.setAutoCommit(false);
      // the early transaction takes its transaction id (and an event number) first but commits last
      String slow = insert(early, "alice");
      String fast = insert(late, "alice");
      late.commit();

      Events whileOpen = read("alice", first, 10);
      assertThat(whileOpen.events()).isEmpty();
      assertThat(whileOpen.heldBack()).isTrue();
      assertThat(ids(read("alice", null, 10))).containsExactly(first);

      early.commit();

      assertThat(ids(read("alice", first, 10))).containsExactly(slow, fast);
      assertThat(read("alice", fast, 10).heldBack()).isFalse();
    }
  }

  @Test
  void anEventNumberedBeforeAnotherButWrittenByAYoungerTransactionWaitsForTheOlderOne() throws SQLException {
    try (Connection older = connect(); Connection younger = connect()) {
      older.setAutoCommit(false);
      younger.setAutoCommit(false);
      // the older transaction has its id before the younger one takes an event number, then writes its own event
      older.createStatement().execute("SELECT pg_current_xact_id()");
      String byYounger = insert(younger, "alice");
      younger.commit();
      assertThat(read("alice", null, 10).events()).isEmpty();

      String byOlder = insert(older, "alice");
      older.commit();

      // a reader that had taken byYounger as its cursor would have skipped byOlder; nobody was given it early
      assertThat(ids(read("alice", null, 10))).containsExactly(byOlder, byYounger);
    }
  }

  private Events read(String owner, String after, int limit) {
    return (Events) feed.after(owner, after, limit).await();
  }

  private static List<String> ids(Events events) {
    return events.events().stream().map(StoredEvent::id).toList();
  }

  private static Connection connect() throws SQLException {
    DatabaseUrl url = TestDatabase.url();
    return DriverManager.getConnection(url.jdbcUrl(), url.user(), url.password());
  }

  /** An event written as the outbox writes a test event (no deliveries), on {@code jdbc}'s transaction. */
  private static String insert(Connection jdbc, String owner) throws SQLException {
    String id = Outbox.newEventId();
    try (PreparedStatement insert = jdbc.prepareStatement(
        "INSERT INTO webhook_events (id, owner, type, payload) VALUES (?, ?, 'webhook.test', ?)")) {
      insert.setString(1, id);
      insert.setString(2, owner);
      insert.setString(3, WebhookBody.test(UUID.randomUUID(), owner, Instant.now()));
      insert.executeUpdate();
    }
    return id;
  }
}
