package dev.conduit.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

  private final RetrySchedule schedule = new RetrySchedule(List.of(Duration.ofSeconds(30), Duration.ofMinutes(5)));

  @RepeatedTest(20)
  void waitsFollowTheScheduleWithinTenPercentJitter() {
    assertThat(schedule.after(1, null)).isBetween(Duration.ofSeconds(27), Duration.ofSeconds(33));
    assertThat(schedule.after(2, null)).isBetween(Duration.ofSeconds(270), Duration.ofSeconds(330));
  }

  @Test
  void theAttemptAfterTheLastWaitIsTheLast() {
    assertThat(schedule.after(3, null)).isNull();
  }

  @Test
  void retryAfterIsAFloorCappedAtADay() {
    assertThat(schedule.after(1, Duration.ofMinutes(10))).isEqualTo(Duration.ofMinutes(10));
    assertThat(schedule.after(1, Duration.ofSeconds(1))).isLessThan(Duration.ofSeconds(34));
    assertThat(schedule.after(1, Duration.ofDays(400))).isEqualTo(Duration.ofDays(1));
  }

  @Test
  void jitterSpreadsRetriesThatFailedTogether() {
    long distinct = java.util.stream.IntStream.range(0, 50).mapToObj(i -> schedule.after(1, null)).distinct().count();
    assertThat(distinct).isGreaterThan(10);
  }
}
