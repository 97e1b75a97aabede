package dev.conduit.http;

import dev.conduit.core.config.EventsConfig;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.store.EventFeedRepository;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;

/** {@code GET /api/events} (cursor paging and long poll) and {@code GET /api/events/stream} (Server-Sent Events). */
final class EventHandlers {

  static final String AFTER = "page[after]";
  static final String WAIT = "wait";
  static final String LAST_EVENT_ID = "Last-Event-ID";
  static final Duration MAX_WAIT = Duration.ofSeconds(60);
  private static final int DEFAULT_SIZE = 50;
  /** How many events a stream reads at a time. */
  private static final int STREAM_BATCH = 200;
  /** What an event id looks like (the outbox's own check); anything else cannot name an event. */
  private static final Pattern EVENT_ID = Pattern.compile("[A-Za-z0-9_-]{1,100}");

  private final EventFeedRepository feed;
  private final EventSignal signal;
  private final OpenStreams streams;
  private final OpenEventRequests open;
  private final EventsConfig config;
  /** The longest a long poll is held: below the idle timeout, which would otherwise close its silent connection. */
  private final Duration maxHold;

  EventHandlers(EventFeedRepository feed, EventSignal signal, OpenStreams streams, OpenEventRequests open,
      EventsConfig config, Duration idleTimeout) {
    this.feed = feed;
    this.signal = signal;
    this.streams = streams;
    this.open = open;
    this.config = config;
    this.maxHold = idleTimeout.multipliedBy(3).dividedBy(4);
  }

  void list(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    String after = eventId(query.get(AFTER), AFTER);
    String sizeText = query.get(Paging.SIZE);
    int size = sizeText == null ? DEFAULT_SIZE : Integer.parseInt(sizeText);
    Duration wait = waitOf(query.get(WAIT));
    Duration hold = wait.compareTo(maxHold) > 0 ? maxHold : wait;
    new LongPoll(ctx, feed, signal, open, BearerAuthentication.owner(ctx), after, size, hold,
        cursor -> new JsonObject().put("self", link(sizeText, query.get(WAIT), after))
            .put("next", link(sizeText, query.get(WAIT), cursor)))
        .start();
  }

  void stream(RoutingContext ctx) {
    String after = eventId(ctx.request().getHeader(LAST_EVENT_ID), LAST_EVENT_ID);
    new EventStream(ctx, feed, signal, streams, open, BearerAuthentication.owner(ctx), after, STREAM_BATCH,
        config.heartbeatInterval()).start();
  }

  /** The listing's link with the caller's size and wait (in that order) and the cursor, when there is one. */
  private static String link(String size, String wait, String after) {
    StringBuilder link = new StringBuilder("/api/events");
    char separator = '?';
    for (String[] parameter : new String[][] {{Paging.SIZE, size}, {WAIT, wait}, {AFTER, after}}) {
      if (parameter[1] != null) {
        link.append(separator).append(encode(parameter[0])).append('=').append(encode(parameter[1]));
        separator = '&';
      }
    }
    return link.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  // the contract checks the forms too; these keep a value that slips past it from reaching the database
  private static String eventId(String text, String parameter) {
    if (text != null && !EVENT_ID.matcher(text).matches()) {
      throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED, "expected an event id (evt_...)", parameter);
    }
    return text;
  }

  private static Duration waitOf(String text) {
    if (text == null) {
      return Duration.ZERO;
    }
    try {
      Duration wait = Duration.parse(text);
      if (!wait.isNegative() && wait.compareTo(MAX_WAIT) <= 0) {
        return wait;
      }
    } catch (DateTimeParseException e) {
      // answered below, like a duration out of range
    }
    throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED,
        "expected an ISO-8601 duration from PT0S to PT60S, such as PT30S", WAIT);
  }
}
