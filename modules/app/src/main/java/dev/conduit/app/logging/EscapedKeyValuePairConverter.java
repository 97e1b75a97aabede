package dev.conduit.app.logging;

import ch.qos.logback.classic.pattern.ClassicConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.util.List;
import org.slf4j.event.KeyValuePair;

/**
 * {@code %kvp} as {@code key="value"} pairs, like the built-in converter, but with quotes, backslashes and
 * control characters escaped: values come from requests (an owner claim, a path), and the built-in converter
 * writes them raw, so a quote and a newline in a JWT's owner claim could forge pairs and whole log lines.
 * Registered over the built-in word in config/logback.xml.
 */
public final class EscapedKeyValuePairConverter extends ClassicConverter {

  @Override
  public String convert(ILoggingEvent event) {
    List<KeyValuePair> pairs = event.getKeyValuePairs();
    if (pairs == null || pairs.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (KeyValuePair pair : pairs) {
      if (!out.isEmpty()) {
        out.append(' ');
      }
      out.append(LogEscaping.quoted(pair.key)).append("=\"")
          .append(LogEscaping.quoted(String.valueOf(pair.value))).append('"');
    }
    return out.toString();
  }
}
