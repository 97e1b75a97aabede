package dev.conduit.store;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * One page of a newest-first listing ordered by {@code (created_at, id)}: up to {@code size} rows after the
 * cursor ({@code after}; null starts at the newest). Listings put {@link #keyset} into their SQL and bind
 * {@link #afterCreatedAt()}, {@link #afterId()} and {@link #limit()} to its three parameters.
 */
public record PageRequest(Cursor after, int size) {

  public PageRequest {
    if (size < 1) {
      throw new IllegalArgumentException("a page holds at least one row");
    }
  }

  /**
   * The keyset condition, order and limit of a listing, for the table with alias {@code alias}, using parameters
   * {@code $first} (cursor time), {@code $first+1} (cursor id) and {@code $first+2} (limit). Goes after a
   * {@code WHERE} clause's other conditions.
   */
  static String keyset(String alias, int first) {
    return keyset(alias, "created_at", first);
  }

  /** {@link #keyset(String, int)} for a listing ordered by {@code (timeColumn, id)} instead of created_at. */
  static String keyset(String alias, String timeColumn, int first) {
    String created = alias + "." + timeColumn;
    String id = alias + ".id";
    return "AND ($" + first + "::timestamptz IS NULL OR (" + created + ", " + id + ") < ($" + first + ", $"
        + (first + 1) + "))\n"
        + "ORDER BY " + created + " DESC, " + id + " DESC\n"
        + "LIMIT $" + (first + 2);
  }

  OffsetDateTime afterCreatedAt() {
    return after == null ? null : after.createdAt().atOffset(ZoneOffset.UTC);
  }

  UUID afterId() {
    return after == null ? null : after.id();
  }

  /** One row more than the page holds, to learn whether more remain. */
  int limit() {
    return size + 1;
  }
}
