package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The audit writer on a real PostgreSQL: entries gather in the buffer and are written in batches, a full buffer
 * drops and counts instead of waiting, and closing writes everything still buffered.
 */
@ExtendWith(VertxExtension.class)
class AuditWriterTest {

  private static final Duration NEVER = Duration.ofHours(1);

  private Database pool;
  private AuditRepository repository;
  private SimpleMeterRegistry metrics;

  @BeforeEach
  void setUp(Vertx vertx) {
    TestDatabase.truncateAll();
    pool = PgPools.shared(vertx, TestDatabase.url(), 4);
    repository = new AuditRepository(pool);
    metrics = new SimpleMeterRegistry();
  }

  @AfterEach
  void tearDown() {
    pool.pool().close().await();
  }

  @Test
  void entriesAreWrittenByTheTimerInBatchesNotOnRecord(Vertx vertx) {
    AuditWriter writer = new AuditWriter(vertx, repository, metrics, 10_000, Duration.ofMillis(200));
    int many = AuditWriter.BATCH * 2 + 500;
    for (int i = 0; i < many; i++) {
      writer.record(entry("alice", "req-" + i));
    }
    assertThat(count()).as("record only buffers").isZero();

    vertx.runOnContext(v -> writer.start());

    await().atMost(Duration.ofSeconds(20)).until(() -> count() == many);
    assertThat(metrics.counter("conduit.audit.dropped").count()).isZero();
    writer.close().await();
  }

  @Test
  void aFullBatchIsWrittenWithoutWaitingForTheTimer(Vertx vertx) {
    AuditWriter writer = new AuditWriter(vertx, repository, metrics, 10_000, NEVER);
    vertx.runOnContext(v -> writer.start());
    await().atMost(Duration.ofSeconds(10)).until(() -> writer.started());

    for (int i = 0; i < AuditWriter.BATCH; i++) {
      writer.record(entry("alice", "req-" + i));
    }

    // the timer never fires here: the full batch alone sent it
    await().atMost(Duration.ofSeconds(20)).until(() -> count() == AuditWriter.BATCH);
    writer.close().await();
  }

  @Test
  void aFullBufferDropsAndCountsWithoutWaiting(Vertx vertx) {
    AuditWriter writer = new AuditWriter(vertx, repository, metrics, 3, NEVER);

    long started = System.nanoTime();
    for (int i = 0; i < 5; i++) {
      writer.record(entry("alice", "req-" + i));
    }
    assertThat(Duration.ofNanos(System.nanoTime() - started)).as("no record waits for room")
        .isLessThan(Duration.ofSeconds(5));

    assertThat(metrics.counter("conduit.audit.dropped").count()).isEqualTo(2.0);
    writer.close().await();
    assertThat(count()).isEqualTo(3);
  }

  @Test
  void closingWritesWhatIsStillBuffered(Vertx vertx) {
    AuditWriter writer = new AuditWriter(vertx, repository, metrics, 10_000, NEVER);
    vertx.runOnContext(v -> writer.start());
    for (int i = 0; i < AuditWriter.BATCH + 1; i++) {
      writer.record(entry("alice", "req-" + i));
    }

    writer.close().await();

    assertThat(count()).isEqualTo(AuditWriter.BATCH + 1);
  }

  @Test
  void aDisabledWriterRecordsNothing(Vertx vertx) {
    AuditWriter writer = new AuditWriter(vertx, repository, metrics, false);
    writer.record(entry("alice", "req-1"));

    writer.close().await();

    assertThat(count()).isZero();
    assertThat(metrics.counter("conduit.audit.dropped").count()).isZero();
  }

  @Test
  void entriesKeepEveryFieldIncludingEmptyOnes(Vertx vertx) {
    AuditWriter writer = new AuditWriter(vertx, repository, metrics, 10, NEVER);
    UUID connection = UUID.randomUUID();
    AuditEntry proxy = new AuditEntry("alice", java.time.Instant.parse("2026-11-22T10:00:00.123456Z"),
        AuditAction.PROXY, connection, "ok", "alice", "req-1", "GET", "/user/repos", 200);
    AuditEntry sweep = new AuditEntry("alice", java.time.Instant.parse("2026-11-22T10:00:01Z"), AuditAction.REFRESH,
        connection, "ok", AuditEntry.SYSTEM, null, null, null, null);
    writer.record(proxy);
    writer.record(sweep);
    writer.close().await();

    Page<AuditRepository.StoredAuditEntry> page = repository.list("alice",
        new AuditQuery(null, null, null, new PageRequest(null, 10))).await();

    assertThat(page.items()).extracting(AuditRepository.StoredAuditEntry::entry).containsExactly(sweep, proxy);
  }

  private long count() {
    return TestDatabase.count("SELECT count(*) FROM audit_events");
  }

  static AuditEntry entry(String owner, String requestId) {
    return AuditEntry.of(owner, AuditAction.VEND, UUID.randomUUID(), AuditEntry.OK, owner, requestId);
  }
}
