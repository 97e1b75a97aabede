package dev.conduit.notify;

import dev.conduit.core.lifecycle.RetryAfter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try a delivery again: the configured waits after each failed attempt, ±10 % jitter so failures that
 * happened together do not retry together, and a receiver's {@code Retry-After} as a floor (capped at a day, so
 * a receiver cannot park an event forever). Once the schedule is used up the delivery has failed.
 */
final class RetrySchedule {

  private final List<Duration> waits;

  RetrySchedule(List<Duration> waits) {
    this.waits = List.copyOf(waits);
  }

  /** The wait after failed attempt number {@code attempt} (1-based), or null when no attempt is left. */
  Duration after(int attempt, Duration retryAfter) {
    if (attempt > waits.size()) {
      return null;
    }
    long base = waits.get(attempt - 1).toMillis();
    long jittered = base + ThreadLocalRandom.current().nextLong(-base / 10, base / 10 + 1);
    long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), RetryAfter.LONGEST.toMillis());
    return Duration.ofMillis(Math.max(jittered, floor));
  }
}
