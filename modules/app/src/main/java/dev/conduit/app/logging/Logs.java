package dev.conduit.app.logging;

import ch.qos.logback.classic.LoggerContext;
import org.slf4j.LoggerFactory;

/** The end of logging in a process about to halt. */
public final class Logs {

  private Logs() {
  }

  /**
   * Writes out what the asynchronous appender still queues (the last lines of a stop) and closes the appenders:
   * {@code Runtime.halt} would drop them.
   */
  public static void flush() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }
}
