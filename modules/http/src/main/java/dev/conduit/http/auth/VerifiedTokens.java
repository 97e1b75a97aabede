package dev.conduit.http.auth;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Tokens that passed every check, with their owner, until they expire: a client sends the same token with
 * every call, and checking its signature each time is wasted work. Only successes are kept, so made-up tokens
 * cannot fill it; it is bounded (least recently used go first) and emptied whenever the verification keys change.
 * Used from one event loop only.
 */
final class VerifiedTokens {

  private record Verified(String owner, long expiresAtEpochSecond) {
  }

  private final Map<String, Verified> tokens;

  VerifiedTokens(int maxEntries) {
    this.tokens = new LinkedHashMap<>(256, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Verified> eldest) {
        return size() > maxEntries;
      }
    };
  }

  /** The owner of a remembered token that has not expired by {@code nowEpochSecond}, or null. */
  String ownerOf(String token, long nowEpochSecond) {
    Verified verified = tokens.get(token);
    if (verified == null) {
      return null;
    }
    if (nowEpochSecond >= verified.expiresAtEpochSecond()) {
      tokens.remove(token);
      return null;
    }
    return verified.owner();
  }

  void remember(String token, String owner, long expiresAtEpochSecond) {
    tokens.put(token, new Verified(owner, expiresAtEpochSecond));
  }

  void clear() {
    tokens.clear();
  }
}
