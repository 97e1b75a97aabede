package dev.conduit.vault;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Time that moves only when a test says so: the wall clock the vault compares expiry with, and the monotonic
 * nanoseconds its vend cache ages entries by. Starts at the real now, so rows written by PostgreSQL's
 * {@code now()} and by the vault agree.
 */
final class ManualClock extends Clock {

  private final Instant start = Instant.now();
  private final AtomicLong elapsedNanos = new AtomicLong();

  void advance(Duration duration) {
    elapsedNanos.addAndGet(duration.toNanos());
  }

  /** For {@link VendCache}: grows with {@link #advance} only. */
  long nanoTime() {
    return elapsedNanos.get();
  }

  @Override
  public Instant instant() {
    return start.plusNanos(elapsedNanos.get());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("the vault works in UTC");
  }
}
