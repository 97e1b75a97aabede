package dev.conduit.http;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** RFC 3339 UTC timestamps at whole seconds, as the API shows them ({@code 2026-11-22T10:00:00Z}). */
final class Timestamps {

  private Timestamps() {
  }

  static String format(Instant instant) {
    return instant == null ? null : instant.truncatedTo(ChronoUnit.SECONDS).toString();
  }
}
