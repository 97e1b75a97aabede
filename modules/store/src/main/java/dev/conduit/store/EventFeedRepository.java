package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The webhook outbox read as an owner's event feed, oldest first, in the commit-safe order of migration V12:
 * (writing transaction, position), handing out only events whose transaction is older than the oldest one still
 * running. An event written by a transaction that is still open, or committed while an older one is still open,
 * is held back until that horizon has passed it, so no event can later appear before a cursor already handed out.
 */
public final class EventFeedRepository {

  /** The channel migration V12's trigger notifies at each commit that wrote events; the payload names the owner. */
  public static final String CHANNEL = "conduit_events";

  /** One event: its id and the webhook body stored with it (the exact text that is signed and delivered). */
  public record StoredEvent(String id, String body) {
  }

  /** What a read found: a page of events, or that the cursor names no event of this owner (any more). */
  public sealed interface Read permits Events, CursorGone {
  }

  /**
   * Events after the cursor, in order. {@code heldBack}: some later event is committed or being written but not yet
   * past the horizon; asking again shortly hands it out.
   */
  public record Events(List<StoredEvent> events, boolean heldBack) implements Read {
  }

  /** The cursor's event is not (or no longer) in the outbox: purged after webhooks.retention, or never this owner's. */
  public record CursorGone() implements Read {
  }

  private static final String AFTER = """
      SELECT e.id, e.payload, e.tx < pg_snapshot_xmin(pg_current_snapshot()) AS settled
      FROM webhook_events e
      WHERE e.owner = $1
        AND ($2::text IS NULL
          OR (e.tx, e.position) > (SELECT c.tx, c.position FROM webhook_events c WHERE c.owner = $1 AND c.id = $2))
      ORDER BY e.tx, e.position
      LIMIT $3""";
  private static final String CURSOR_EXISTS = "SELECT 1 FROM webhook_events WHERE owner = $1 AND id = $2";

  private final Database database;

  public EventFeedRepository(Database database) {
    this.database = database;
  }

  /**
   * Up to {@code limit} of {@code owner}'s events after the event {@code afterId} (null: from the oldest kept).
   */
  public Future<Read> after(String owner, String afterId, int limit) {
    return database.forOwner(owner).withTransaction(conn -> conn.preparedQuery(AFTER).execute(Tuple.of(owner, afterId, limit))
        .compose(rows -> {
          List<StoredEvent> events = new ArrayList<>();
          boolean heldBack = false;
          for (Row row : rows) {
            if (!row.getBoolean("settled")) {
              heldBack = true;
              break;
            }
            events.add(new StoredEvent(row.getString("id"), row.getString("payload")));
          }
          if (!events.isEmpty() || heldBack || afterId == null) {
            return Future.succeededFuture(new Events(events, heldBack));
          }
          // nothing after it: the cursor is either the newest event or gone; only a gone one is refused
          return conn.preparedQuery(CURSOR_EXISTS).execute(Tuple.of(owner, afterId))
              .map(found -> found.size() == 0 ? new CursorGone() : new Events(List.of(), false));
        }));
  }
}
