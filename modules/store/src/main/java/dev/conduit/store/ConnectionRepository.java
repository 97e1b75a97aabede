package dev.conduit.store;

import dev.conduit.core.config.OwnerLimit;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.error.ConduitException;
import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Connections as their owners see them. Every query filters on the owner in SQL: a connection of another
 * owner is indistinguishable from one that does not exist.
 */
public final class ConnectionRepository {

  /** Inserts nothing when the owner already has $6 connections (counting stops there). */
  private static final String INSERT = """
      INSERT INTO connections (id, owner, connector, label, metadata)
      SELECT $1::uuid, $2::text, $3::text, $4::text, $5::jsonb
      WHERE (SELECT count(*) FROM (SELECT 1 FROM connections WHERE owner = $2 LIMIT $6) held) < $6""";
  private static final String FIND = "SELECT " + ConnectionRows.COLUMNS + ConnectionRows.FROM
      + " WHERE c.id = $1 AND c.owner = $2";
  private static final String LIST = "SELECT " + ConnectionRows.COLUMNS + ConnectionRows.FROM + "\n" + """
      WHERE c.owner = $1
        AND ($2::text IS NULL OR c.status = $2)
        AND ($3::text IS NULL OR c.connector = $3)
      """ + PageRequest.keyset("c", 4);

  /** $3: whether to set the label to $4; $5: the new metadata, or null to keep it. The version is not a change's. */
  private static final String UPDATE = """
      UPDATE connections SET label = CASE WHEN $3 THEN $4::text ELSE label END,
                             metadata = COALESCE($5::jsonb, metadata), updated_at = now()
      WHERE id = $1 AND owner = $2""";

  private final Database database;

  public ConnectionRepository(Database database) {
    this.database = database;
  }

  /**
   * Creates a pending connection, unless the owner already has {@code maxPerOwner} connections (of any status):
   * concurrent creates of one owner, on any replica, never take it beyond.
   *
   * @throws ConduitException LIMIT_REACHED
   */
  public Future<Connection> create(String owner, String connector, String label, ConnectionMetadata metadata,
      int maxPerOwner) {
    return database.forOwner(owner)
        .withTransaction(conn -> insert(conn, owner, connector, label, metadata, maxPerOwner))
        .compose(id -> find(owner, id).map(Optional::orElseThrow));
  }

  /**
   * The insert of {@link #create}, inside a transaction of the caller's scoped to {@code owner}: takes the owner's
   * lock for the rest of it.
   *
   * @return the new connection's id; fails with LIMIT_REACHED
   */
  static Future<UUID> insert(SqlConnection conn, String owner, String connector, String label,
      ConnectionMetadata metadata, int maxPerOwner) {
    UUID id = UUID.randomUUID();
    return OwnerLock.take(conn, owner)
        .compose(locked -> conn.preparedQuery(INSERT)
            .execute(Tuple.of(id, owner, connector, label, metadata.toJson(), maxPerOwner)))
        .compose(inserted -> inserted.rowCount() == 1
            ? Future.succeededFuture(id)
            : Future.failedFuture(OwnerLimit.CONNECTIONS.reached(maxPerOwner)));
  }

  /**
   * Changes what the owner says about a connection: its label ({@code changeLabel}, to {@code label}, null removing
   * it) and/or its metadata (null keeps it).
   *
   * @return the connection as it is now; empty when the owner has no such connection
   */
  public Future<Optional<Connection>> update(String owner, UUID id, boolean changeLabel, String label,
      ConnectionMetadata metadata) {
    return database.forOwner(owner).execute(UPDATE, Tuple.of(id, owner, changeLabel, label,
            metadata == null ? null : metadata.toJson()))
        .compose(updated -> updated.rowCount() == 0 ? Future.succeededFuture(Optional.empty()) : find(owner, id));
  }

  public Future<Optional<Connection>> find(String owner, UUID id) {
    return database.forOwner(owner).execute(FIND, Tuple.of(id, owner)).map(ConnectionRepository::first);
  }

  /** The owner's connections, newest first. */
  public Future<Page<Connection>> list(String owner, ConnectionQuery query) {
    PageRequest page = query.page();
    Tuple params = Tuple.of(owner,
        query.status() == null ? null : query.status().wireName(),
        query.connector(),
        page.afterCreatedAt(),
        page.afterId(),
        page.limit());
    return database.forOwner(owner).execute(LIST, params).map(rows -> {
      List<Connection> fetched = new ArrayList<>(rows.size());
      rows.forEach(row -> fetched.add(ConnectionRows.map(row)));
      return Page.of(fetched, page, connection -> new Cursor(connection.createdAt(), connection.id()));
    });
  }

  static Optional<Connection> first(RowSet<Row> rows) {
    return rows.size() == 0 ? Optional.empty() : Optional.of(ConnectionRows.map(rows.iterator().next()));
  }
}
