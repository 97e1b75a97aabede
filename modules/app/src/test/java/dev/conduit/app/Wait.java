package dev.conduit.app;

import java.time.Duration;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;

/**
 * Waiting for something the system does in the background. The bound is generous because it only costs time
 * when something is broken, and the suite must pass on a busy 2-core machine.
 */
final class Wait {

  static final Duration PATIENCE = Duration.ofSeconds(30);

  private Wait() {
  }

  /** Polls from the start (no initial delay), every 50 ms, for up to {@link #PATIENCE}. */
  static ConditionFactory patiently() {
    return Awaitility.await().atMost(PATIENCE).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(50));
  }
}
