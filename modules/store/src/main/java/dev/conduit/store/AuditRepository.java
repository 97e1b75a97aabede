package dev.conduit.store;

import com.fasterxml.uuid.Generators;
import com.fasterxml.uuid.impl.TimeBasedEpochRandomGenerator;
import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

/**
 * The audit trail in PostgreSQL: batches written in one statement, owner-scoped listings, and the retention purge.
 */
public final class AuditRepository {

  /** A stored entry with its id, for listings. */
  public record StoredAuditEntry(UUID id, AuditEntry entry) {
  }

  // one round trip per batch, whatever its size: each column travels as one array
  private static final String INSERT = """
      INSERT INTO audit_events (id, owner, at, action, connection_id, outcome, actor, request_id, method, path,
        status_code)
      SELECT * FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::text[], $5::uuid[], $6::text[], $7::text[],
        $8::text[], $9::text[], $10::text[], $11::int[])""";

  private static final String LIST = """
      SELECT a.id, a.owner, a.at, a.action, a.connection_id, a.outcome, a.actor, a.request_id, a.method, a.path,
        a.status_code
      FROM audit_events a
      WHERE a.owner = $1
        AND ($2::uuid IS NULL OR a.connection_id = $2)
        AND ($3::text IS NULL OR a.action = $3)
        AND ($4::timestamptz IS NULL OR a.at >= $4)
      """ + PageRequest.keyset("a", "at", 5);

  // by the whole key: there is no index on id alone (V14)
  private static final String PURGE = """
      DELETE FROM audit_events WHERE (owner, at, id) IN (
        SELECT owner, at, id FROM audit_events
        WHERE at < now() - make_interval(secs => $1)
        ORDER BY at
        LIMIT $2
        FOR UPDATE SKIP LOCKED)""";

  private final Database database;
  /**
   * Ids in the order of the entries' time (UUID version 7: the millisecond first, then random bits), made here
   * rather than by the column's default: they sort as the entries do, for clients and for the tail of the key
   * (owner, at, id). The ids are not secrets (an owner sees its own); they only need to be unique, which 74 random
   * bits are.
   */
  private final TimeBasedEpochRandomGenerator ids = Generators.timeBasedEpochRandomGenerator(new Random());

  public AuditRepository(Database database) {
    this.database = database;
  }

  /** Stores {@code entries} in one statement, as the system role: a batch holds entries of many owners. */
  public Future<Void> insert(List<AuditEntry> entries) {
    int n = entries.size();
    UUID[] entryIds = new UUID[n];
    String[] owners = new String[n];
    OffsetDateTime[] ats = new OffsetDateTime[n];
    String[] actions = new String[n];
    UUID[] connections = new UUID[n];
    String[] outcomes = new String[n];
    String[] actors = new String[n];
    String[] requests = new String[n];
    String[] methods = new String[n];
    String[] paths = new String[n];
    Integer[] statuses = new Integer[n];
    for (int i = 0; i < n; i++) {
      AuditEntry entry = entries.get(i);
      entryIds[i] = ids.construct(entry.at().toEpochMilli());
      owners[i] = entry.owner();
      ats[i] = entry.at().atOffset(ZoneOffset.UTC);
      actions[i] = entry.action().wireName();
      connections[i] = entry.connectionId();
      outcomes[i] = entry.outcome();
      actors[i] = entry.actor();
      requests[i] = entry.requestId();
      methods[i] = entry.method();
      paths[i] = entry.path();
      statuses[i] = entry.statusCode();
    }
    return database.system().execute(INSERT, Tuple.of(entryIds, owners, ats, actions, connections, outcomes, actors,
        requests).addArrayOfString(methods).addArrayOfString(paths).addArrayOfInteger(statuses)).mapEmpty();
  }

  /** The owner's entries, newest first. */
  public Future<Page<StoredAuditEntry>> list(String owner, AuditQuery query) {
    PageRequest page = query.page();
    Tuple params = Tuple.of(owner,
        query.connectionId(),
        query.action() == null ? null : query.action().wireName(),
        query.since() == null ? null : query.since().atOffset(ZoneOffset.UTC),
        page.afterCreatedAt(),
        page.afterId(),
        page.limit());
    return database.forOwner(owner).execute(LIST, params).map(rows -> {
      List<StoredAuditEntry> fetched = new ArrayList<>(rows.size());
      rows.forEach(row -> fetched.add(map(row)));
      return Page.of(fetched, page, stored -> new Cursor(stored.entry().at(), stored.id()));
    });
  }

  /** Deletes up to {@code limit} of the oldest entries older than {@code retention}; says how many went. */
  public Future<Integer> purge(Duration retention, int limit) {
    return database.system().execute(PURGE, Tuple.of(retention.toMillis() / 1000.0, limit))
        .map(rows -> rows.rowCount());
  }

  private static StoredAuditEntry map(Row row) {
    return new StoredAuditEntry(row.getUUID("id"), new AuditEntry(
        row.getString("owner"),
        row.getOffsetDateTime("at").toInstant(),
        AuditAction.fromWireName(row.getString("action")),
        row.getUUID("connection_id"),
        row.getString("outcome"),
        row.getString("actor"),
        row.getString("request_id"),
        row.getString("method"),
        row.getString("path"),
        row.getInteger("status_code")));
  }
}
