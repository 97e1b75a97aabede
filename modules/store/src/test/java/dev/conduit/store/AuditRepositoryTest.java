package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Audit listings on a real PostgreSQL: owner-scoped, filtered, keyset-paged newest first; the retention purge. */
@ExtendWith(VertxExtension.class)
class AuditRepositoryTest {

  private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");

  private Database pool;
  private AuditRepository audit;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    audit = new AuditRepository(pool);
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void listingsAreTheOwnersOwnNewestFirstAndFiltered() {
    UUID one = UUID.randomUUID();
    UUID two = UUID.randomUUID();
    audit.insert(List.of(
        at("alice", AuditAction.CONNECTION_CREATE, one, 0),
        at("alice", AuditAction.VEND, one, 1),
        at("alice", AuditAction.VEND, two, 2),
        at("bob", AuditAction.VEND, one, 3))).await();

    assertThat(actions("alice", new AuditQuery(null, null, null, page(null, 10))))
        .containsExactly("vend@2", "vend@1", "connection.create@0");
    assertThat(actions("alice", new AuditQuery(one, null, null, page(null, 10))))
        .containsExactly("vend@1", "connection.create@0");
    assertThat(actions("alice", new AuditQuery(null, AuditAction.VEND, null, page(null, 10))))
        .containsExactly("vend@2", "vend@1");
    assertThat(actions("alice", new AuditQuery(null, null, T0.plusSeconds(1), page(null, 10))))
        .containsExactly("vend@2", "vend@1");
    assertThat(actions("bob", new AuditQuery(null, null, null, page(null, 10)))).containsExactly("vend@3");
    assertThat(actions("carol", new AuditQuery(null, null, null, page(null, 10)))).isEmpty();
  }

  @Test
  void pagesFollowEachOtherWithoutGapsOrRepeatsAlsoAtTheSameInstant() {
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      // several entries share an instant: the id breaks the tie
      entries.add(at("alice", AuditAction.VEND, UUID.randomUUID(), i / 3));
    }
    audit.insert(entries).await();

    List<UUID> seen = new ArrayList<>();
    Cursor cursor = null;
    int pages = 0;
    do {
      Page<AuditRepository.StoredAuditEntry> page =
          audit.list("alice", new AuditQuery(null, null, null, page(cursor, 3))).await();
      page.items().forEach(item -> seen.add(item.id()));
      cursor = page.nextCursor() == null ? null : Cursor.decode(page.nextCursor());
      pages++;
    } while (cursor != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7).doesNotHaveDuplicates();
  }

  @Test
  void thePurgeDeletesOnlyEntriesOlderThanTheRetentionInBatches() {
    Instant now = Instant.now();
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      entries.add(new AuditEntry("alice", now.minus(Duration.ofDays(100)), AuditAction.VEND, null, "ok", "alice",
          null, null, null, null));
    }
    entries.add(new AuditEntry("alice", now, AuditAction.VEND, null, "ok", "alice", null, null, null, null));
    audit.insert(entries).await();

    assertThat(audit.purge(Duration.ofDays(90), 3).await()).isEqualTo(3);
    assertThat(audit.purge(Duration.ofDays(90), 3).await()).isEqualTo(2);
    assertThat(audit.purge(Duration.ofDays(90), 3).await()).isZero();
    assertThat(audit.list("alice", new AuditQuery(null, null, null, page(null, 10))).await().items()).hasSize(1);
  }

  private List<String> actions(String owner, AuditQuery query) {
    return audit.list(owner, query).await().items().stream()
        .map(item -> item.entry().action().wireName() + "@" + (item.entry().at().getEpochSecond() - T0.getEpochSecond()))
        .toList();
  }

  private static PageRequest page(Cursor after, int size) {
    return new PageRequest(after, size);
  }

  @Test
  void idsAreUniqueAndSortAsTheEntriesTime() {
    List<AuditEntry> entries = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      // out of order within a batch, several per second: the id follows the entry's time, not the insert's order
      entries.add(at(i % 2 == 0 ? "alice" : "bob", AuditAction.VEND, UUID.randomUUID(), (i * 37) % 50));
    }
    audit.insert(entries.subList(0, 120)).await();
    audit.insert(entries.subList(120, 200)).await();

    assertThat(TestDatabase.count("SELECT count(DISTINCT id) FROM audit_events")).isEqualTo(200);
    // in id order (PostgreSQL's, bytewise) no entry is older than the one before it
    assertThat(TestDatabase.count("""
        SELECT count(*) FROM (SELECT at, lag(at) OVER (ORDER BY id) AS before FROM audit_events) ordered
        WHERE before > at""")).isZero();
  }

  private static AuditEntry at(String owner, AuditAction action, UUID connection, int second) {
    return new AuditEntry(owner, T0.plusSeconds(second), action, connection, AuditEntry.OK, owner, "req", null, null,
        null);
  }
}
