package dev.conduit.core.error;

/**
 * A failure with a known API error. {@code detail} is for humans and must never carry secret material; the
 * optional JSON pointer names the request field at fault.
 */
public class ConduitException extends RuntimeException {

  private final ErrorCode code;
  private final String pointer;

  public ConduitException(ErrorCode code, String detail) {
    this(code, detail, null);
  }

  public ConduitException(ErrorCode code, String detail, String pointer) {
    super(detail, null, false, false);
    this.code = code;
    this.pointer = pointer;
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
}
