package dev.conduit.store;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.slf4j.LoggerFactory;

/**
 * The log lines written while it is open: message, logger and structured key-values, as one string each. Lives in
 * this test-jar because every module's component tests use it (to check a request id is logged, or a secret is not).
 */
public final class LogLines implements AutoCloseable {

  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();
  private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

  public LogLines() {
    appender.setContext(root.getLoggerContext());
    appender.start();
    root.addAppender(appender);
  }

  public List<String> lines() {
    synchronized (appender) {
      return appender.list.stream()
          .map(event -> event.getLoggerName() + " " + event.getFormattedMessage() + " " + event.getKeyValuePairs())
          .toList();
    }
  }

  @Override
  public void close() {
    root.detachAppender(appender);
    appender.stop();
  }
}
