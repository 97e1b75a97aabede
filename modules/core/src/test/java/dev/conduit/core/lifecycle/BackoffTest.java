package dev.conduit.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class BackoffTest {

  private final Backoff backoff = new Backoff(Duration.ofSeconds(2), Duration.ofMinutes(15));

  @RepeatedTest(20)
  void growsExponentiallyWithJitterBetweenHalfAndAll() {
    assertThat(backoff.delay(0, null)).isBetween(Duration.ofSeconds(1), Duration.ofSeconds(2));
    assertThat(backoff.delay(3, null)).isBetween(Duration.ofSeconds(8), Duration.ofSeconds(16));
  }

  @Test
  void isCappedEvenAfterManyFailures() {
    assertThat(backoff.delay(50, null)).isBetween(Duration.ofMinutes(7).plusSeconds(30), Duration.ofMinutes(15));
  }

  @Test
  void honoursRetryAfterAsAFloorUpToTheCap() {
    assertThat(backoff.delay(0, Duration.ofSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    assertThat(backoff.delay(0, Duration.ofDays(1))).isEqualTo(Duration.ofMinutes(15));
  }
}
