package dev.conduit.vault;

import com.google.crypto.tink.KeyStatus;
import com.google.crypto.tink.KeysetHandle;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Checks at start-up that the keyset opens what the database holds. Without it, a server given the wrong keyset
 * started, answered ready, and sealed new deposits under a key that the right keyset cannot open. The stored
 * rows themselves are the check value: every key id in use must be an enabled key of the keyset, and for each
 * such key at least one of a few stored data keys sealed under it must actually open (a keyset that merely
 * shares a key id is not the right one). A rotated keyset that still holds its old keys passes; so does an
 * empty database, where nothing can be lost.
 *
 * <p>Blocking JDBC: run it before any verticle starts. It reads only; nothing is written either way.
 */
public final class KeysetCheck {

  /** Rows tried per key id: one that opens proves the key; a few guard against one altered row. */
  private static final int SAMPLES_PER_KEY = 3;

  private final Connection jdbc;
  private final KeysetHandle keyset;
  private final EnvelopeSealer sealer;

  public KeysetCheck(Connection jdbc, KeysetHandle keyset) {
    this.jdbc = jdbc;
    this.keyset = keyset;
    this.sealer = new EnvelopeSealer(keyset);
  }

  /** What is wrong, as one sentence naming key ids and row counts (never key material); empty if all is well. */
  public Optional<String> problem() throws SQLException {
    Map<Long, KeyStatus> held = heldKeys();
    List<String> problems = new ArrayList<>();
    for (long keyId : keyIdsInUse()) {
      KeyStatus status = held.get(keyId);
      if (status == null) {
        problems.add(rowCount(keyId) + " sealed rows are under key " + keyId + ", which this keyset does not hold");
      } else if (status != KeyStatus.ENABLED) {
        problems.add(rowCount(keyId) + " sealed rows are under key " + keyId + ", which this keyset holds but"
            + " not enabled");
      } else if (!opensASample(keyId)) {
        problems.add("key " + keyId + " of this keyset does not open the " + rowCount(keyId)
            + " sealed rows stored under that id (a different key with the same id)");
      }
    }
    if (problems.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of("vault.keyset cannot open what the database holds: " + String.join("; ", problems)
        + " (this keyset holds keys " + held.keySet() + "). Start with the keyset these rows were sealed with;"
        + " after `keys rotate` keep the old keys in it until `rewrap` has moved every row to the new primary");
  }

  private Map<Long, KeyStatus> heldKeys() {
    Map<Long, KeyStatus> held = new HashMap<>();
    for (int i = 0; i < keyset.size(); i++) {
      KeysetHandle.Entry entry = keyset.getAt(i);
      held.put(Integer.toUnsignedLong(entry.getId()), entry.getStatus());
    }
    return held;
  }

  /** The distinct kek_key_id values: a skip scan (one index probe per key), not a scan of every row. */
  private TreeSet<Long> keyIdsInUse() throws SQLException {
    TreeSet<Long> ids = new TreeSet<>();
    for (Rewrapper.SealedTable table : Rewrapper.SealedTable.values()) {
      String t = table.table;
      String sql = "WITH RECURSIVE ids(id) AS ("
          + " (SELECT kek_key_id FROM " + t + " ORDER BY kek_key_id LIMIT 1)"
          + " UNION ALL SELECT (SELECT kek_key_id FROM " + t + " WHERE kek_key_id > ids.id ORDER BY kek_key_id LIMIT 1)"
          + " FROM ids WHERE ids.id IS NOT NULL)"
          + " SELECT id FROM ids WHERE id IS NOT NULL";
      try (PreparedStatement select = jdbc.prepareStatement(sql); ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          ids.add(rows.getLong(1));
        }
      }
    }
    return ids;
  }

  private long rowCount(long keyId) throws SQLException {
    long count = 0;
    for (Rewrapper.SealedTable table : Rewrapper.SealedTable.values()) {
      try (PreparedStatement select = jdbc.prepareStatement(
          "SELECT count(*) FROM " + table.table + " WHERE kek_key_id = ?")) {
        select.setLong(1, keyId);
        try (ResultSet rows = select.executeQuery()) {
          rows.next();
          count += rows.getLong(1);
        }
      }
    }
    return count;
  }

  /** Whether one of a few data keys stored under {@code keyId} unwraps; rows deleted meanwhile count as fine. */
  private boolean opensASample(long keyId) throws SQLException {
    boolean sampled = false;
    for (Rewrapper.SealedTable table : Rewrapper.SealedTable.values()) {
      try (PreparedStatement select = jdbc.prepareStatement("SELECT owner, " + table.subjectId + ", wrapped_key FROM "
          + table.table + " WHERE kek_key_id = ? LIMIT " + SAMPLES_PER_KEY)) {
        select.setLong(1, keyId);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            sampled = true;
            SealSubject subject = new SealSubject(rows.getString(1), table.recordType, (UUID) rows.getObject(2));
            try {
              sealer.openDataKey(subject, rows.getBytes(3), keyId);
              return true;
            } catch (SealException e) {
              // this row may be the altered one; try the next
            }
          }
        }
      }
    }
    return !sampled;
  }
}
