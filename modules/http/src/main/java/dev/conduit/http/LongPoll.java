package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.EventFeedRepository;
import dev.conduit.store.EventFeedRepository.StoredEvent;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/**
 * One {@code GET /api/events}: answers the events after the cursor at once, or, when there are none and the caller
 * asked to {@code wait}, holds the request until an event of the owner is committed (the signal wakes it) or the
 * hold is over, then answers what it has (possibly nothing). Used from its HttpVerticle instance's event loop only.
 */
final class LongPoll implements EventFollower.Reader, OpenEventRequests.Held {

  private final RoutingContext ctx;
  private final EventSignal signal;
  private final OpenEventRequests open;
  private final String owner;
  private final Duration hold;
  /** The links of the answer, given the cursor to ask with next (null: from the start). */
  private final Function<String, JsonObject> links;
  private final EventFollower follower;
  private Runnable unlisten = () -> { };
  private long deadline = -1;
  private boolean answered;

  LongPoll(RoutingContext ctx, EventFeedRepository feed, EventSignal signal, OpenEventRequests open, String owner,
      String after, int size, Duration hold, Function<String, JsonObject> links) {
    this.ctx = ctx;
    this.signal = signal;
    this.open = open;
    this.owner = owner;
    this.hold = hold;
    this.links = links;
    this.follower = new EventFollower(ctx.vertx(), feed, owner, after, size, this);
  }

  void start() {
    if (!hold.isZero()) {
      // listening before the first read: an event committed between that read and a later listen would be missed
      unlisten = signal.listen(owner, follower::wake);
      deadline = ctx.vertx().setTimer(Math.max(1, hold.toMillis()), id -> end());
      ctx.response().closeHandler(v -> release());
      ctx.request().connection().shutdownHandler(v -> end());
      open.add(this);
    }
    follower.wake();
  }

  @Override
  public void events(List<StoredEvent> events) {
    if (!events.isEmpty() || hold.isZero()) {
      answer(events);
    }
  }

  @Override
  public void cursorGone() {
    release();
    ctx.fail(new ConduitException(ErrorCode.CURSOR_EXPIRED, "the event named by page[after] is no longer kept"
        + " (events are kept for webhooks.retention); start again without page[after]"));
  }

  @Override
  public void failed(Throwable failure) {
    release();
    ctx.fail(failure);
  }

  /** The hold is over (or the server is stopping): nothing arrived, so the answer is an empty page. */
  @Override
  public void end() {
    answer(List.of());
  }

  private void answer(List<StoredEvent> events) {
    if (answered) {
      return;
    }
    release();
    JsonArray data = new JsonArray();
    events.forEach(event -> data.add(EventResources.resource(event)));
    JsonApi.send(ctx, 200, new JsonObject().put("data", data).put("links", links.apply(follower.cursor())));
  }

  private void release() {
    answered = true;
    follower.stop();
    unlisten.run();
    if (deadline >= 0) {
      ctx.vertx().cancelTimer(deadline);
    }
    open.remove(this);
  }
}
