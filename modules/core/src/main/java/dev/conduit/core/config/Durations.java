package dev.conduit.core.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two ways a person writes a duration, in configuration and on the command line alike: ISO-8601
 * ({@code PT5M}, {@code P30D}) or short ({@code 500ms}, {@code 90s}, {@code 5m}, {@code 12h}, {@code 7d}).
 * A short form is one whole number and one lower-case unit: a bare number could mean seconds or milliseconds and
 * {@code 5M} minutes or months, so both are refused rather than guessed.
 */
public final class Durations {

  /** What to write, for error messages. */
  public static final String EXPECTED = "a duration such as 90s, 5m, 12h, 7d or ISO-8601 PT5M";

  private static final Pattern SHORT = Pattern.compile("(\\d{1,15})(ms|s|m|h|d)");

  private Durations() {
  }

  /** @throws IllegalArgumentException naming the expected forms when {@code text} is neither */
  public static Duration parse(String text) {
    String value = text == null ? "" : text.strip();
    if (value.startsWith("P") || value.startsWith("p") || value.startsWith("-P")) {
      try {
        return Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        throw refused(text);
      }
    }
    Matcher shortForm = SHORT.matcher(value);
    if (!shortForm.matches()) {
      throw refused(text);
    }
    long amount = Long.parseLong(shortForm.group(1));
    try {
      return switch (shortForm.group(2)) {
        case "ms" -> Duration.ofMillis(amount);
        case "s" -> Duration.ofSeconds(amount);
        case "m" -> Duration.ofMinutes(amount);
        case "h" -> Duration.ofHours(amount);
        case "d" -> Duration.ofDays(amount);
        default -> throw refused(text);
      };
    } catch (ArithmeticException tooLong) {
      throw refused(text);
    }
  }

  private static IllegalArgumentException refused(String text) {
    return new IllegalArgumentException("expected " + EXPECTED + ", got '" + text + "'");
  }
}
