package dev.conduit.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");

  @Test
  void readsDelaySeconds() {
    assertThat(RetryAfter.parse("120", NOW)).isEqualTo(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void readsAnHttpDateAsTheWaitUntilThen() {
    assertThat(RetryAfter.parse("Sun, 22 Nov 2026 10:05:30 GMT", NOW)).isEqualTo(Duration.ofSeconds(330));
  }

  @Test
  void aDateInThePastMeansNow() {
    assertThat(RetryAfter.parse("Sun, 06 Nov 1994 08:49:37 GMT", NOW)).isEqualTo(Duration.ZERO);
  }

  @Test
  void neverAsksForMoreThanADay() {
    assertThat(RetryAfter.parse("86400", NOW)).isEqualTo(Duration.ofDays(1));
    assertThat(RetryAfter.parse("86401", NOW)).isEqualTo(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("9223372036854775807", NOW)).isEqualTo(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("99999999999999999999999", NOW)).isEqualTo(RetryAfter.LONGEST);
    assertThat(RetryAfter.parse("Fri, 31 Dec 9999 23:59:59 GMT", NOW)).isEqualTo(RetryAfter.LONGEST);
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "  ", "soon", "-5", "+5", "1.5", "12 s", "0x10", "2026-11-22T10:05:30Z",
      "Sun, 32 Nov 2026 10:05:30 GMT"})
  void ignoresWhatIsNeitherSecondsNorADate(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isNull();
  }
}
