package dev.conduit.proxy;

import dev.conduit.core.lifecycle.RetryAfter;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * When a provider's answer is not passed back but the call is made once more (API.md, "Proxy"). Each rule allows
 * one retry per call: a provider that keeps refusing gets its answer passed back rather than a loop.
 */
final class RetryRules {

  /** Request bodies up to this size are kept, so a call can be replayed; larger ones stream and cannot be. */
  static final int REPLAYABLE_BODY_BYTES = 64 * 1024;
  /** Methods whose repetition has the effect of one call (RFC 9110 §9.2.2); POST and PATCH are not. */
  private static final Set<HttpMethod> IDEMPOTENT = Set.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE,
      HttpMethod.HEAD, HttpMethod.OPTIONS);

  private RetryRules() {
  }

  /**
   * The wait before retrying a throttled answer ({@code 429}/{@code 503} with a Retry-After), or null when the
   * answer goes back as it came: the call is not idempotent, cannot be replayed, was retried already, or the
   * provider asks for a longer wait than the call has left.
   */
  static Duration throttledRetryWait(int status, String retryAfter, HttpMethod method, boolean replayable,
      boolean retried, Duration waitLeft) {
    if ((status != 429 && status != 503) || retried || !replayable || !IDEMPOTENT.contains(method)) {
      return null;
    }
    Duration wait = RetryAfter.parse(retryAfter, Instant.now());
    return wait != null && wait.compareTo(waitLeft) <= 0 ? wait : null;
  }

  /** A 401 is met with one forced refresh and one retry, when the body can be sent again. */
  static boolean refreshAndRetry(int status, boolean replayable, boolean refreshed) {
    return status == 401 && replayable && !refreshed;
  }
}
