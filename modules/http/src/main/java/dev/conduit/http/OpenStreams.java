package dev.conduit.http;

import java.util.concurrent.ConcurrentHashMap;

/**
 * The event streams each owner holds open on this replica, across all HttpVerticle instances, against
 * {@code events.max-streams-per-owner}. Each replica counts its own: an owner may hold that many on every replica.
 */
public final class OpenStreams {

  private final int maxPerOwner;
  private final ConcurrentHashMap<String, Integer> open = new ConcurrentHashMap<>();

  public OpenStreams(int maxPerOwner) {
    this.maxPerOwner = maxPerOwner;
  }

  int maxPerOwner() {
    return maxPerOwner;
  }

  /** Counts one more stream of {@code owner}; false (and nothing counted) when it already holds the most allowed. */
  boolean tryOpen(String owner) {
    boolean[] opened = {false};
    open.compute(owner, (o, count) -> {
      int now = count == null ? 0 : count;
      if (now >= maxPerOwner) {
        return count;
      }
      opened[0] = true;
      return now + 1;
    });
    return opened[0];
  }

  /** One stream of {@code owner} has ended; call once per successful {@link #tryOpen}. */
  void closed(String owner) {
    open.computeIfPresent(owner, (o, count) -> count <= 1 ? null : count - 1);
  }

  /** How many streams {@code owner} holds open now. */
  int count(String owner) {
    return open.getOrDefault(owner, 0);
  }
}
