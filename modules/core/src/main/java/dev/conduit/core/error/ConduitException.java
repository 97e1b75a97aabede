package dev.conduit.core.error;

import java.time.Duration;

/**
 * A failure with a known API error. {@code detail} is for humans and must never carry secret material; the
 * optional JSON pointer or parameter name says which part of the request is at fault.
 */
public class ConduitException extends RuntimeException {

  private final ErrorCode code;
  private final String pointer;
  private final String parameter;
  private final Duration retryAfter;

  public ConduitException(ErrorCode code, String detail) {
    this(code, detail, null);
  }

  public ConduitException(ErrorCode code, String detail, String pointer) {
    this(code, detail, pointer, null, null);
  }

  private ConduitException(ErrorCode code, String detail, String pointer, String parameter, Duration retryAfter) {
    super(detail, null, false, false);
    this.code = code;
    this.pointer = pointer;
    this.parameter = parameter;
    this.retryAfter = retryAfter;
  }

  /** A failure caused by a query or path parameter, named in the error's {@code source.parameter}. */
  public static ConduitException ofParameter(ErrorCode code, String detail, String parameter) {
    return new ConduitException(code, detail, null, parameter, null);
  }

  /** A failure worth retrying after {@code retryAfter}, which the HTTP answer carries as {@code Retry-After}. */
  public static ConduitException retryAfter(ErrorCode code, String detail, Duration retryAfter) {
    return new ConduitException(code, detail, null, null, retryAfter);
  }

  /** How long the client should wait before it retries, or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  public ErrorCode code() {
    return code;
  }

  public String detail() {
    return getMessage();
  }

  /** The JSON pointer into the request body (e.g. {@code /data/attributes/label}), or null. */
  public String pointer() {
    return pointer;
  }

  /** The query or path parameter at fault, or null. */
  public String parameter() {
    return parameter;
  }
}
