package dev.conduit.core.lifecycle;

import java.time.Duration;
import java.time.Instant;

/**
 * When a token is due for refresh: {@code lead} before it expires — or halfway through its lifetime when the
 * whole lifetime is shorter than twice the lead, so a 60-second token is not refreshed on every single vend.
 */
public final class RefreshSchedule {

  private RefreshSchedule() {
  }

  /** Null when the token cannot be refreshed (no refresh token) or never expires. */
  public static Instant refreshDueAt(Instant issuedAt, Instant expiresAt, Duration lead, boolean refreshable) {
    if (!refreshable || expiresAt == null) {
      return null;
    }
    Duration lifetime = issuedAt == null || !issuedAt.isBefore(expiresAt)
        ? Duration.ZERO : Duration.between(issuedAt, expiresAt);
    Duration halfLife = lifetime.dividedBy(2);
    return expiresAt.minus(halfLife.compareTo(lead) < 0 ? halfLife : lead);
  }
}
