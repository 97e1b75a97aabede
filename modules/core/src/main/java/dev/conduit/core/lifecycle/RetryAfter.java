package dev.conduit.core.lifecycle;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): delay-seconds or an HTTP-date. Whoever sent it is not
 * trusted: the wait is capped at {@link #LONGEST}, so an answer cannot park work for ever (or overflow a
 * duration), a date in the past means now, and anything else is ignored.
 */
public final class RetryAfter {

  /** The longest wait a Retry-After can ask for. */
  public static final Duration LONGEST = Duration.ofDays(1);

  private RetryAfter() {
  }

  /** The wait the header asks for, seen at {@code now}, from zero to {@link #LONGEST}; null: absent or unreadable. */
  public static Duration parse(String header, Instant now) {
    if (header == null) {
      return null;
    }
    String value = header.strip();
    if (value.isEmpty()) {
      return null;
    }
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // more digits than a long holds is still a (very long) delay
      return value.length() > 18 ? LONGEST : capped(Duration.ofSeconds(Long.parseLong(value)));
    }
    try {
      Duration until = Duration.between(now,
          ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
      return until.isNegative() ? Duration.ZERO : capped(until);
    } catch (DateTimeParseException notADate) {
      return null;
    }
  }

  private static Duration capped(Duration wait) {
    return wait.compareTo(LONGEST) > 0 ? LONGEST : wait;
  }
}
