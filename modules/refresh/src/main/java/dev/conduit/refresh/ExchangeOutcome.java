package dev.conduit.refresh;

import java.time.Duration;

/** What a call to a token endpoint came to, classified (RFC 6749 §5.2 and what real providers do). */
sealed interface ExchangeOutcome {

  /** New tokens. */
  record Success(TokenResponse tokens) implements ExchangeOutcome {
  }

  /** The refresh token is dead (one of the connector's {@code reauthErrors}): the owner must authorize again. */
  record DeadRefreshToken(String errorCode) implements ExchangeOutcome {
  }

  /** The provider refuses our OAuth client ({@code invalid_client} and kin): the deployment is misconfigured. */
  record ClientRejected(String errorCode) implements ExchangeOutcome {
  }

  /**
   * Try again later: network trouble, timeouts, 5xx, 429, unparseable or incomplete answers, other errors.
   *
   * @param reason     what happened, in our words (logged and stored; never a provider's body)
   * @param retryAfter the provider's {@code Retry-After}, or null
   * @param inDoubt    the request may have reached the provider, which may have rotated the refresh token
   */
  record Transient(String reason, Duration retryAfter, boolean inDoubt) implements ExchangeOutcome {
  }
}
