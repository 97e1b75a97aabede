package dev.conduit.http.auth;

import dev.conduit.core.apikey.ApiKey;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * API keys found in the database, by the SHA-256 of the key, so that a client's repeated calls cost no database
 * read: bounded (least recently used go first), holding only keys that exist (made-up keys cannot fill it), each
 * dropped when the change feed says it was deleted. Used from one event loop only.
 */
final class VerifiedKeys {

  private final Map<ByteBuffer, ApiKey> keys;

  VerifiedKeys(int maxEntries) {
    this.keys = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<ByteBuffer, ApiKey> eldest) {
        return size() > maxEntries;
      }
    };
  }

  ApiKey get(byte[] hash) {
    return keys.get(ByteBuffer.wrap(hash));
  }

  void remember(byte[] hash, ApiKey key) {
    keys.put(ByteBuffer.wrap(hash), key);
  }

  /** Drops the key with this id; a scan, as deletes are rare and the cache is small. */
  void forget(UUID keyId) {
    keys.values().removeIf(key -> key.id().equals(keyId));
  }

  void clear() {
    keys.clear();
  }
}
