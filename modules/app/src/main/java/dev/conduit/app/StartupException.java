package dev.conduit.app;

/** Conduit cannot start; the message tells the operator what to change. Nothing is left half-started. */
public final class StartupException extends RuntimeException {

  public StartupException(String message) {
    super(message, null, false, false);
  }
}
