package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.EventFeedRepository;
import dev.conduit.store.EventFeedRepository.StoredEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One {@code GET /api/events/stream}: Server-Sent Events of the owner's events after the cursor, each as
 * {@code id:} (the event id, so {@code Last-Event-ID} resumes after it), {@code event:} (its type) and {@code data:}
 * (the resource object on one line). The first read happens before the response starts, so a gone cursor is still
 * a {@code 410}. Idle, it sends a comment line every heartbeat interval (and reads again, in case a notification
 * was lost). A reader that leaves the write queue full for a whole heartbeat interval is disconnected rather than
 * buffered for: it resumes with {@code Last-Event-ID} when it is ready. Used from its HttpVerticle instance's
 * event loop only.
 */
final class EventStream implements EventFollower.Reader, OpenEventRequests.Held {

  private static final Logger LOG = LoggerFactory.getLogger(EventStream.class);
  static final String MEDIA_TYPE = "text/event-stream";
  private static final Buffer HEARTBEAT = Buffer.buffer(": keep-alive\n\n");

  private final RoutingContext ctx;
  private final EventSignal signal;
  private final OpenStreams streams;
  private final OpenEventRequests open;
  private final String owner;
  private final Duration heartbeat;
  private final EventFollower follower;
  private Runnable unlisten = () -> { };
  private boolean started;
  private boolean ended;
  private long heartbeatTimer = -1;
  private long slowReaderTimer = -1;

  EventStream(RoutingContext ctx, EventFeedRepository feed, EventSignal signal, OpenStreams streams,
      OpenEventRequests open, String owner, String after, int batchSize, Duration heartbeat) {
    this.ctx = ctx;
    this.signal = signal;
    this.streams = streams;
    this.open = open;
    this.owner = owner;
    this.heartbeat = heartbeat;
    this.follower = new EventFollower(ctx.vertx(), feed, owner, after, batchSize, this);
  }

  void start() {
    if (!streams.tryOpen(owner)) {
      ended = true;
      ctx.fail(new ConduitException(ErrorCode.TOO_MANY_STREAMS, "this owner already has "
          + streams.maxPerOwner() + " event streams open on this server (events.max-streams-per-owner); close one"
          + " first"));
      return;
    }
    open.add(this);
    HttpServerResponse response = ctx.response();
    response.closeHandler(v -> release());
    ctx.request().connection().shutdownHandler(v -> end());
    // listening before the first read: an event committed between that read and a later listen would be missed
    unlisten = signal.listen(owner, follower::wake);
    follower.wake();
  }

  @Override
  public void events(List<StoredEvent> events) {
    if (ended) {
      return;
    }
    HttpServerResponse response = ctx.response();
    if (!started) {
      started = true;
      response.setStatusCode(200).setChunked(true)
          .putHeader(HttpHeaders.CONTENT_TYPE, MEDIA_TYPE)
          .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
          // nginx and its kin would otherwise buffer the stream
          .putHeader("X-Accel-Buffering", "no");
      response.writeHead();
      heartbeatTimer = ctx.vertx().setPeriodic(Math.max(1, heartbeat.toMillis()), id -> beat());
    }
    if (events.isEmpty()) {
      return;
    }
    Buffer frames = Buffer.buffer();
    for (StoredEvent event : events) {
      JsonObject resource = EventResources.resource(event);
      frames.appendString("id: ").appendString(event.id())
          .appendString("\nevent: ").appendString(resource.getJsonObject("attributes").getString("type"))
          .appendString("\ndata: ").appendBuffer(resource.toBuffer()).appendString("\n\n");
    }
    response.write(frames);
    if (response.writeQueueFull()) {
      fellBehind(response);
    }
  }

  /** The reader is not keeping up: read nothing more until it has, and disconnect it if it does not in time. */
  private void fellBehind(HttpServerResponse response) {
    follower.pause();
    response.drainHandler(v -> {
      ctx.vertx().cancelTimer(slowReaderTimer);
      slowReaderTimer = -1;
      follower.resume();
    });
    if (slowReaderTimer < 0) {
      slowReaderTimer = ctx.vertx().setTimer(Math.max(1, heartbeat.toMillis()), id -> {
        LOG.atInfo().setMessage("an event stream's reader left its write queue full for " + heartbeat
            + "; disconnected it (it can resume with Last-Event-ID)").log();
        release();
        ctx.request().connection().close();
      });
    }
  }

  private void beat() {
    if (!ctx.response().writeQueueFull()) {
      ctx.response().write(HEARTBEAT);
      // a lost notification (say, while the signal reconnected) delays an event by one heartbeat at most
      follower.wake();
    }
  }

  @Override
  public void cursorGone() {
    if (started) {
      // cannot happen once started (the cursor then is an event just handed out), but never send a 410 mid-stream
      end();
      return;
    }
    release();
    ctx.fail(new ConduitException(ErrorCode.CURSOR_EXPIRED, "the event named by Last-Event-ID is no longer kept"
        + " (events are kept for webhooks.retention); start again without Last-Event-ID"));
  }

  @Override
  public void failed(Throwable failure) {
    if (started) {
      LOG.atInfo().setMessage("an event stream could not read the outbox; closed it (the client resumes with"
          + " Last-Event-ID)").addKeyValue("error", failure.getMessage()).log();
      end();
      return;
    }
    release();
    ctx.fail(failure);
  }

  /** Ends the stream: the client reconnects (to this or another replica) with Last-Event-ID. */
  @Override
  public void end() {
    if (ended) {
      return;
    }
    release();
    if (started) {
      ctx.response().end();
    } else {
      // stopping before the first read came back: nothing was sent yet, so say why
      ctx.fail(new ConduitException(ErrorCode.SERVICE_UNAVAILABLE, "the server is stopping; connect again"));
    }
  }

  private void release() {
    if (ended) {
      return;
    }
    ended = true;
    follower.stop();
    unlisten.run();
    if (heartbeatTimer >= 0) {
      ctx.vertx().cancelTimer(heartbeatTimer);
    }
    if (slowReaderTimer >= 0) {
      ctx.vertx().cancelTimer(slowReaderTimer);
    }
    open.remove(this);
    streams.closed(owner);
  }
}
