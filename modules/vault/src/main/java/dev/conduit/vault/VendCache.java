package dev.conduit.vault;

import dev.conduit.store.VaultRow;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.LongSupplier;

/**
 * Recently vended connections, so a warm vend needs no database read: the sealed row as it was read, and its
 * opened data key (the field ciphertexts are still opened per vend). Bounded in size and age; entries are dropped
 * on every change notice. A row read from the database is only kept if no change notice arrived while it was
 * being read ({@link #generation()}), so a stale read can never outlive the change that made it stale. Used from
 * one event loop only.
 */
final class VendCache {

  record Entry(VaultRow row, EnvelopeSealer.DataKey key, long storedAtNanos) {
  }

  private final int maxEntries;
  private final long maxAgeNanos;
  /** {@code System::nanoTime} in service; tests pass their own to age entries without waiting. */
  private final LongSupplier nanoTime;
  private final Map<UUID, Entry> entries;
  private long generation;

  VendCache(int maxEntries, long maxAgeNanos, LongSupplier nanoTime) {
    this.maxEntries = maxEntries;
    this.maxAgeNanos = maxAgeNanos;
    this.nanoTime = nanoTime;
    this.entries = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<UUID, Entry> eldest) {
        return size() > VendCache.this.maxEntries;
      }
    };
  }

  /** The cached row of {@code owner}'s connection, or null (another owner's entry is a miss too). */
  Entry get(String owner, UUID connectionId) {
    Entry entry = entries.get(connectionId);
    if (entry == null || !entry.row().owner().equals(owner)) {
      return null;
    }
    if (nanoTime.getAsLong() - entry.storedAtNanos() > maxAgeNanos) {
      entries.remove(connectionId);
      return null;
    }
    return entry;
  }

  /** A counter that moves on every change notice; read it before a database read, pass it to {@link #put}. */
  long generation() {
    return generation;
  }

  /** Keeps the row unless a change notice arrived since {@code generationBeforeRead}. */
  void put(long generationBeforeRead, VaultRow row, EnvelopeSealer.DataKey key) {
    if (generationBeforeRead == generation && maxEntries > 0) {
      entries.put(row.connectionId(), new Entry(row, key, nanoTime.getAsLong()));
    }
  }

  void invalidate(UUID connectionId) {
    generation++;
    entries.remove(connectionId);
  }

  void clear() {
    generation++;
    entries.clear();
  }

  int size() {
    return entries.size();
  }
}
