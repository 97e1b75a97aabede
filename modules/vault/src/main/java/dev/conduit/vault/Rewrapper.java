package dev.conduit.vault;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Re-wraps every stored data key under the keyset's current primary, so older keys can be retired. Only the
 * wrapped keys change; field ciphertexts stay as they are.
 *
 * <p>Safe to run while Conduit serves: each row is updated with compare-and-set on its old wrapped key, so a
 * row that a server replaced meanwhile is left alone (it is reported, and a second run picks it up if it is
 * still under an old key). Idempotent and resumable: it only ever selects rows under a key other than the
 * primary, in batches, each its own transaction, so stopping it at any point loses nothing.
 */
public final class Rewrapper {

  /** The tables that hold wrapped data keys, with the columns that identify a row and its seal subject. */
  enum SealedTable {
    CREDENTIALS("credentials", "connection_id", "connection_id", SealSubject.CONNECTION),
    WEBHOOK_ENDPOINTS("webhook_endpoints", "id", "id", SealSubject.WEBHOOK),
    OAUTH_FLOWS("oauth_flows", "state_hash", "connection_id", SealSubject.OAUTH_FLOW);

    final String table;
    final String key;
    final String subjectId;
    final String recordType;

    SealedTable(String table, String key, String subjectId, String recordType) {
      this.table = table;
      this.key = key;
      this.subjectId = subjectId;
      this.recordType = recordType;
    }
  }

  /** What a run did: rows moved to the primary, rows changed by someone else meanwhile, rows that do not open. */
  public record Result(long total, long rewrapped, long changedMeanwhile, long unopenable) {
  }

  /** Told after every batch. */
  public interface Progress {
    void batchDone(long done, long total, double rowsPerSecond);
  }

  private final Connection jdbc;
  private final EnvelopeSealer sealer;
  private final int batchSize;

  public Rewrapper(Connection jdbc, EnvelopeSealer sealer, int batchSize) {
    this.jdbc = jdbc;
    this.sealer = sealer;
    this.batchSize = batchSize;
  }

  /** How many rows are still under a key other than the primary. */
  public long remaining() throws SQLException {
    long total = 0;
    for (SealedTable table : SealedTable.values()) {
      try (PreparedStatement count = jdbc.prepareStatement(
          "SELECT count(*) FROM " + table.table + " WHERE kek_key_id <> ?")) {
        count.setLong(1, sealer.primaryKeyId());
        try (ResultSet rows = count.executeQuery()) {
          rows.next();
          total += rows.getLong(1);
        }
      }
    }
    return total;
  }

  public Result run(Progress progress) throws SQLException {
    long total = remaining();
    long started = System.nanoTime();
    long[] counts = new long[3];
    for (SealedTable table : SealedTable.values()) {
      Object after = null;
      while (true) {
        List<Row> batch = select(table, after);
        if (batch.isEmpty()) {
          break;
        }
        rewrap(table, batch, counts);
        after = batch.get(batch.size() - 1).key();
        long done = counts[0] + counts[1] + counts[2];
        double seconds = Math.max((System.nanoTime() - started) / 1e9, 1e-9);
        progress.batchDone(done, total, done / seconds);
      }
    }
    return new Result(total, counts[0], counts[1], counts[2]);
  }

  private record Row(Object key, String owner, UUID subjectId, byte[] wrapped, long kekKeyId) {
  }

  private List<Row> select(SealedTable table, Object after) throws SQLException {
    String sql = "SELECT " + table.key + ", owner, " + table.subjectId + ", wrapped_key, kek_key_id FROM "
        + table.table + " WHERE kek_key_id <> ?" + (after == null ? "" : " AND " + table.key + " > ?")
        + " ORDER BY " + table.key + " LIMIT ?";
    try (PreparedStatement select = jdbc.prepareStatement(sql)) {
      int index = 1;
      select.setLong(index++, sealer.primaryKeyId());
      if (after != null) {
        select.setObject(index++, after);
      }
      select.setInt(index, batchSize);
      List<Row> rows = new ArrayList<>(batchSize);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          rows.add(new Row(result.getObject(1), result.getString(2), (UUID) result.getObject(3), result.getBytes(4),
              result.getLong(5)));
        }
      }
      return rows;
    }
  }

  private void rewrap(SealedTable table, List<Row> batch, long[] counts) throws SQLException {
    boolean autoCommit = jdbc.getAutoCommit();
    jdbc.setAutoCommit(false);
    try (PreparedStatement update = jdbc.prepareStatement("UPDATE " + table.table
        + " SET wrapped_key = ?, kek_key_id = ? WHERE " + table.key + " = ? AND wrapped_key = ?")) {
      for (Row row : batch) {
        byte[] rewrapped;
        try {
          rewrapped = sealer.rewrap(new SealSubject(row.owner(), table.recordType, row.subjectId()), row.wrapped(),
              row.kekKeyId());
        } catch (SealException e) {
          counts[2]++;
          continue;
        }
        update.setBytes(1, rewrapped);
        update.setLong(2, sealer.primaryKeyId());
        update.setObject(3, row.key());
        update.setBytes(4, row.wrapped());
        if (update.executeUpdate() == 1) {
          counts[0]++;
        } else {
          counts[1]++;
        }
      }
      jdbc.commit();
    } catch (SQLException e) {
      jdbc.rollback();
      throw e;
    } finally {
      jdbc.setAutoCommit(autoCommit);
    }
  }
}
