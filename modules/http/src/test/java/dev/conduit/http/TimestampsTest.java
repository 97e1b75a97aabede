package dev.conduit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3339 section 5.6 date-times as requests may write them, and what is not one. */
class TimestampsTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
      "2026-11-22T10:00:00Z, 2026-11-22T10:00:00Z",
      "2026-11-22t10:00:00z, 2026-11-22T10:00:00Z",
      "2026-11-22T12:00:00+02:00, 2026-11-22T10:00:00Z",
      "2026-11-22T05:30:00-04:30, 2026-11-22T10:00:00Z",
      "2026-11-22T10:00:00-00:00, 2026-11-22T10:00:00Z",
      "2026-11-23T09:59:00+23:59, 2026-11-22T10:00:00Z",
      "2026-11-22T10:00:00.5Z, 2026-11-22T10:00:00.500Z",
      "2026-11-22T10:00:00.123456789123Z, 2026-11-22T10:00:00.123456789Z",
      "2016-12-31T23:59:60Z, 2017-01-01T00:00:00Z",
      "2024-02-29T00:00:00Z, 2024-02-29T00:00:00Z"})
  void acceptsWhatRfc3339Allows(String text, String utc) {
    assertThat(Timestamps.parse(text)).isEqualTo(Instant.parse(utc));
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-22 10:00:00Z", "2026-11-22T10:00Z", "2026-11-22T10:00:00", "2026-11-22T10:00:00+0200",
      "2026-11-22T10:00:00+02", "2026-11-22T10:00:00+24:00", "2026-11-22T10:00:00+02:60", "2026-02-30T10:00:00Z",
      "2026-11-22T24:00:00Z", "2026-11-22T10:00:61Z", "2026-11-22T10:00:00.Z", "+2026-11-22T10:00:00Z", "tomorrow",
      "2026-11-22T10:00:00Z "})
  void refusesWhatItDoesNot(String text) {
    assertThatThrownBy(() -> Timestamps.parse(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-11-22T10:00:00.999Z", "2026-11-22T10:00:00Z"})
  void answersInUtcAtWholeSeconds(String text) {
    assertThat(Timestamps.format(Timestamps.parse(text))).isEqualTo("2026-11-22T10:00:00Z");
  }
}
