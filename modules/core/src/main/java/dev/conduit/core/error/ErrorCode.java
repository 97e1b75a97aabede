package dev.conduit.core.error;

/**
 * Every error Conduit reports, with its stable API {@code code}, its HTTP status and a stable event-bus failure
 * code. A verticle fails a request with {@link #failureCode()}; the HTTP layer maps it back 1:1.
 */
public enum ErrorCode {
  VALIDATION_FAILED(1, 400, "Validation failed"),
  MALFORMED_JSON(2, 400, "Malformed JSON"),
  UNAUTHORIZED(3, 401, "Unauthorized"),
  NOT_FOUND(4, 404, "Not found"),
  METHOD_NOT_ALLOWED(5, 405, "Method not allowed"),
  NOT_ACCEPTABLE(6, 406, "Not acceptable"),
  PAYLOAD_TOO_LARGE(7, 413, "Payload too large"),
  UNSUPPORTED_MEDIA_TYPE(8, 415, "Unsupported media type"),
  UNKNOWN_CONNECTOR(9, 422, "Unknown connector"),
  KIND_MISMATCH(10, 422, "Credential kind does not match the connector"),
  NOT_OAUTH(11, 422, "Connector does not use OAuth"),
  CONNECTOR_NOT_CONFIGURED(12, 422, "Connector not configured"),
  WEBHOOK_URL_REFUSED(13, 422, "Webhook URL refused"),
  PENDING(14, 409, "Connection has no credential yet"),
  NEEDS_REAUTH(15, 409, "Connection needs re-authorization"),
  CONFLICT(16, 409, "Conflict"),
  REVOKED(17, 410, "Connection revoked"),
  PROVIDER_UNAVAILABLE(18, 503, "Provider unavailable"),
  SERVICE_UNAVAILABLE(19, 503, "Service unavailable"),
  SEAL_CORRUPT(20, 500, "Stored secret cannot be opened"),
  INTERNAL_ERROR(21, 500, "Internal error"),
  /**
   * A vend needs a refresh that this deployment cannot make: no OAuth client for the connector. The same API code
   * as {@link #CONNECTOR_NOT_CONFIGURED}, with 503 (the connection is fine; the deployment must be configured).
   */
  CONNECTOR_NOT_CONFIGURED_FOR_REFRESH(22, 503, "Connector not configured", "connector_not_configured"),
  /** The owner already has as many of something as its configured per-owner limit allows (see OwnerLimit). */
  LIMIT_REACHED(23, 422, "Limit reached"),
  /** A {@code redirectAfter} outside {@code oauth.redirect-allow-list}: Conduit is never an open redirect. */
  REDIRECT_NOT_ALLOWED(24, 422, "Redirect not allowed"),
  /** An events cursor ({@code page[after]}, {@code Last-Event-ID}) whose event is no longer kept (webhooks.retention). */
  CURSOR_EXPIRED(30, 410, "Cursor expired"),
  /** The owner already holds events.max-streams-per-owner event streams open on this replica. */
  TOO_MANY_STREAMS(31, 429, "Too many streams"),
  /** An API key without the scope the operation needs, or an API key where only a JWT will do (managing keys). */
  INSUFFICIENT_SCOPE(32, 403, "Insufficient scope"),
  // the proxy's own answers (failure codes from 40, clear of codes added beside them)
  /** A proxy call to a connection whose connector has no {@code api} block: Conduit cannot reach its API. */
  CONNECTOR_HAS_NO_API(40, 422, "Connector has no API"),
  /** A proxy call that would exceed its connection's ceiling and could not wait for the next window. */
  RATE_LIMITED(41, 429, "Rate limited"),
  /** The provider's API could not be reached, or broke the connection before answering. */
  PROVIDER_UNREACHABLE(42, 502, "Provider unreachable"),
  /** The provider's API did not answer within the proxy's timeouts. */
  PROVIDER_TIMEOUT(43, 504, "Provider timeout");

  private final int failureCode;
  private final int status;
  private final String title;
  private final String code;

  ErrorCode(int failureCode, int status, String title) {
    this(failureCode, status, title, null);
  }

  ErrorCode(int failureCode, int status, String title, String code) {
    this.failureCode = failureCode;
    this.status = status;
    this.title = title;
    this.code = code != null ? code : name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The stable machine-readable code of the API, e.g. {@code not_found}. */
  public String code() {
    return code;
  }

  public int status() {
    return status;
  }

  public String title() {
    return title;
  }

  /** The code carried by a {@code ReplyException} on the event bus. */
  public int failureCode() {
    return failureCode;
  }

  /** The error for a failure code, or {@link #INTERNAL_ERROR} for codes that are not ours. */
  public static ErrorCode fromFailureCode(int failureCode) {
    for (ErrorCode code : values()) {
      if (code.failureCode == failureCode) {
        return code;
      }
    }
    return INTERNAL_ERROR;
  }
}
