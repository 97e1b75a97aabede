package dev.conduit.core.error;

/**
 * A failure with a known API error. {@code detail} is for humans and must never carry secret material; the
 * optional JSON pointer or parameter name says which part of the request is at fault.
 */
public class ConduitException extends RuntimeException {

  private final ErrorCode code;
  private final String pointer;
  private final String parameter;

  public ConduitException(ErrorCode code, String detail) {
    this(code, detail, null);
  }

  public ConduitException(ErrorCode code, String detail, String pointer) {
    this(code, detail, pointer, null);
  }

  private ConduitException(ErrorCode code, String detail, String pointer, String parameter) {
    super(detail, null, false, false);
    this.code = code;
    this.pointer = pointer;
    this.parameter = parameter;
  }

  /** A failure caused by a query or path parameter, named in the error's {@code source.parameter}. */
  public static ConduitException ofParameter(ErrorCode code, String detail, String parameter) {
    return new ConduitException(code, detail, null, parameter);
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
