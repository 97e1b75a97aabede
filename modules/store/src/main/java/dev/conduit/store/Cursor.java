package dev.conduit.store;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;

/**
 * A position in a newest-first listing: the (created_at, id) of the last row seen, opaque to clients
 * (base64url). Keyset paging stays correct while rows are added and never rescans skipped rows.
 */
public record Cursor(Instant createdAt, UUID id) {

  public String encode() {
    long micros = createdAt.getEpochSecond() * 1_000_000L + createdAt.getNano() / 1_000;
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString((micros + ":" + id).getBytes(StandardCharsets.US_ASCII));
  }

  /** The cursor in {@code text}, or null when it is not one of ours. */
  public static Cursor decode(String text) {
    try {
      String plain = new String(Base64.getUrlDecoder().decode(text), StandardCharsets.US_ASCII);
      int colon = plain.indexOf(':');
      long micros = Long.parseLong(plain.substring(0, colon));
      UUID id = UUID.fromString(plain.substring(colon + 1));
      return new Cursor(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
          Math.floorMod(micros, 1_000_000L) * 1_000L), id);
    } catch (RuntimeException e) {
      return null;
    }
  }
}
