package dev.conduit.core.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import dev.conduit.core.config.Durations;
import java.io.IOException;
import java.time.Duration;

/**
 * Reads a duration in either form {@link Durations} accepts. A bare YAML number is refused like a bare number in a
 * string: nothing says whether it counts seconds or milliseconds.
 */
final class DurationDeserializer extends StdScalarDeserializer<Duration> {

  DurationDeserializer() {
    super(Duration.class);
  }

  @Override
  public Duration deserialize(JsonParser parser, DeserializationContext context) throws IOException {
    if (parser.currentToken() == JsonToken.VALUE_STRING) {
      String text = parser.getText();
      try {
        return Durations.parse(text);
      } catch (IllegalArgumentException e) {
        throw context.weirdStringException(text, Duration.class, e.getMessage());
      }
    }
    if (parser.currentToken().isNumeric()) {
      throw context.weirdNumberException(parser.getNumberValue(), Duration.class, "a number has no unit");
    }
    return (Duration) context.handleUnexpectedToken(Duration.class, parser);
  }
}
