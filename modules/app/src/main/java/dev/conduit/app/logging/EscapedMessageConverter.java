package dev.conduit.app.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;

/**
 * {@code %msg} with line breaks and control characters escaped: a formatted message may hold a value from a
 * request, and one event must stay one line. Registered over the built-in word in config/logback.xml.
 */
public final class EscapedMessageConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    return LogEscaping.message(event.getFormattedMessage());
  }
}
