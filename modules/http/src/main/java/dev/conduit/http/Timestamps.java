package dev.conduit.http;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Timestamps as the API shows them (RFC 3339 UTC at whole seconds, {@code 2026-11-22T10:00:00Z}) and as it reads
 * them: any RFC 3339 section 5.6 {@code date-time} — {@code T} and {@code Z} in either case, any number of
 * fractional digits, a numeric offset ({@code +02:00}, {@code -00:00}) of up to 23:59, a leap second
 * ({@code :60}) — normalised to UTC. (Java's own ISO parser refuses offsets beyond 18 hours and leap seconds,
 * and accepts forms RFC 3339 does not, such as a missing seconds field.)
 */
final class Timestamps {

  private static final Pattern DATE_TIME = Pattern.compile(
      "(\\d{4})-(\\d{2})-(\\d{2})[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(?:([Zz])|([+-])(\\d{2}):(\\d{2}))");

  private Timestamps() {
  }

  static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }

  /** The instant an RFC 3339 date-time names; throws {@link IllegalArgumentException} for anything else. */
  static Instant parse(String text) {
    Matcher m = text == null ? null : DATE_TIME.matcher(text);
    if (m == null || !m.matches()) {
      throw new IllegalArgumentException("not an RFC 3339 date-time");
    }
    int second = Integer.parseInt(m.group(6));
    int offsetHours = m.group(8) != null ? 0 : Integer.parseInt(m.group(10));
    int offsetMinutes = m.group(8) != null ? 0 : Integer.parseInt(m.group(11));
    if (second > 60 || offsetHours > 23 || offsetMinutes > 59) {
      throw new IllegalArgumentException("not an RFC 3339 date-time");
    }
    try {
      // a leap second is read as the first instant of the next second, as Java's own instants have none
      LocalDateTime local = LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
          Math.min(second, 59), second == 60 ? 0 : nanos(m.group(7)));
      int offsetSeconds = (offsetHours * 3600 + offsetMinutes * 60) * ("-".equals(m.group(9)) ? -1 : 1);
      Instant instant = local.toInstant(ZoneOffset.UTC).minusSeconds(offsetSeconds);
      return second == 60 ? instant.plusSeconds(1) : instant;
    } catch (DateTimeException e) {
      throw new IllegalArgumentException("not an RFC 3339 date-time", e);
    }
  }

  /** The fraction of a second in nanoseconds; digits beyond the ninth are below Java's resolution. */
  private static int nanos(String fraction) {
    if (fraction == null) {
      return 0;
    }
    String nine = (fraction + "000000000").substring(0, 9);
    return Integer.parseInt(nine);
  }
}
