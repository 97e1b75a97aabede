package dev.conduit.core.bus;

import java.time.Duration;

/**
 * What a refresh request came to. The caller re-reads the credential for anything but a failure.
 * {@code retryAfter}: for a forced refresh that failed, how long until the next forced attempt is allowed (null
 * otherwise).
 */
public record RefreshResult(Outcome outcome, String detail, Duration retryAfter) implements BusMessage {

  public enum Outcome {
    /** New tokens are committed. */
    REFRESHED,
    /** Nothing to do: another replica refreshed it, it is no longer due, or a forced refresh came too soon. */
    CURRENT,
    /** The provider could not be reached or gave no usable answer; retried later, the status is unchanged. */
    TRANSIENT_FAILURE,
    /** The connector's rate limit allowed no call in time; deferred to a later sweep. */
    THROTTLED,
    /** The refresh token is dead; the connection now needs re-authorization. */
    NEEDS_REAUTH,
    /** The deployment's OAuth client for this connector is refused; an operator must fix it. */
    CLIENT_REJECTED,
    /** The deployment holds no OAuth client for this connector; the detail names the variables to set. */
    NOT_CONFIGURED
  }

  public RefreshResult(Outcome outcome, String detail) {
    this(outcome, detail, null);
  }

  public static RefreshResult of(Outcome outcome) {
    return new RefreshResult(outcome, null);
  }

  public boolean succeeded() {
    return outcome == Outcome.REFRESHED || outcome == Outcome.CURRENT;
  }
}
