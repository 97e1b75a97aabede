package dev.conduit.core.bus;

import org.slf4j.spi.LoggingEventBuilder;

/**
 * A request made on behalf of a client's HTTP request: it carries that request's id (the {@code X-Request-Id}
 * answered to the client) so the verticle serving it can put the id into its log lines. The id rides in the
 * record rather than in a bus header, so the hot vend path sends no extra options or header map.
 */
public interface Traced {

  /** The key of the request id in structured log lines, the same in every module. */
  String LOG_KEY = "requestId";

  /** The id of the HTTP request this one serves, or null when no client asked (the sweep, start-up). */
  String requestId();

  /** Adds the request id to a log line when there is one. */
  static LoggingEventBuilder tag(LoggingEventBuilder log, String requestId) {
    return requestId == null ? log : log.addKeyValue(LOG_KEY, requestId);
  }
}
