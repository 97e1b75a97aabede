package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.status.Status;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.event.KeyValuePair;

/** The shipped config/logback.xml writes one line per event, whatever a value from a request holds. */
class LogFormatTest {

  private final LoggerContext context = new LoggerContext();
  private Encoder<ILoggingEvent> encoder;

  @BeforeEach
  void loadShippedConfiguration() throws Exception {
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(LogFormatTest.class.getResource("/logback.xml"));
    AsyncAppender async = (AsyncAppender) context.getLogger(Logger.ROOT_LOGGER_NAME).getAppender("ASYNC");
    encoder = ((OutputStreamAppender<ILoggingEvent>) async.getAppender("STDOUT")).getEncoder();
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  @Test
  void theShippedConfigurationLoadsWithoutAWarning() {
    // logback prints its whole status report to standard output when configuring raised a warning, which would
    // land in the output of `conduit token` and `conduit keys generate` that scripts capture
    assertThat(context.getStatusManager().getCopyOfStatusList())
        .allSatisfy(status -> assertThat(status.getLevel()).as(status.getMessage()).isEqualTo(Status.INFO));
  }

  @Test
  void aQuoteAndANewlineInAValueForgeNeitherAPairNorALine() {
    String owner = "mallory\" outcome=\"granted\n2026-12-01T00:00:00.000Z ERROR [main] d.c.Forged - forged";

    String line = format("vend", new KeyValuePair("owner", owner), new KeyValuePair("outcome", "denied"));

    assertThat(line).endsWith("\n").containsOnlyOnce("\n");
    assertThat(line).contains("owner=\"mallory\\\" outcome=\\\"granted\\n2026-12-01T00:00:00.000Z ERROR")
        .contains(" outcome=\"denied\"");
    assertThat(line.replace("\\\"", "")).containsOnlyOnce("outcome=\"");
  }

  @Test
  void controlCharactersInAMessageAreEscaped() {
    String line = format("unknown connector a\r\nERROR forged\u0000\u2028\u0085 \\ \"kept\"");

    assertThat(line).containsOnlyOnce("\n")
        .contains("unknown connector a\\r\\nERROR forged\\u0000\\u2028\\u0085 \\ \"kept\"");
  }

  @Test
  void ordinaryPairsLookAsBefore() {
    String line = format("vend", new KeyValuePair("requestId", "r-1"), new KeyValuePair("attempts", 3),
        new KeyValuePair("owner", "Zoë 🔑"));

    assertThat(line).endsWith(" - vend requestId=\"r-1\" attempts=\"3\" owner=\"Zoë 🔑\"\n");
  }

  private String format(String message, KeyValuePair... pairs) {
    LoggingEvent event = new LoggingEvent("dev.conduit.Test", context.getLogger("dev.conduit.Test"), Level.INFO,
        message, null, null);
    for (KeyValuePair pair : List.of(pairs)) {
      event.addKeyValuePair(pair);
    }
    return new String(encoder.encode(event), StandardCharsets.UTF_8);
  }
}
