package dev.conduit.core.lifecycle;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after failed attempts: exponential ({@code base × 2^failures}, capped at {@code max}) with
 * "equal jitter" — half the delay fixed, half random — so credentials that failed together do not retry in
 * lockstep, and no retry comes sooner than half the schedule. A provider's {@code Retry-After} is a floor.
 */
public final class Backoff {

  private final Duration base;
  private final Duration max;

  public Backoff(Duration base, Duration max) {
    this.base = base;
    this.max = max;
  }

  /** The wait before the next attempt after {@code failuresSoFar} consecutive failures (0 for the first). */
  public Duration delay(int failuresSoFar, Duration retryAfter) {
    long cap = max.toMillis();
    long exponential = base.toMillis() << Math.min(failuresSoFar, 30);
    long ceiling = exponential <= 0 || exponential > cap ? cap : exponential;
    long half = ceiling / 2;
    long jittered = half + ThreadLocalRandom.current().nextLong(half + 1);
    long floor = retryAfter == null ? 0 : Math.min(retryAfter.toMillis(), cap);
    return Duration.ofMillis(Math.max(jittered, floor));
  }
}
