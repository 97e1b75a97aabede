package dev.conduit.http;

import dev.conduit.store.EventFeedRepository;
import dev.conduit.store.EventFeedRepository.Events;
import dev.conduit.store.EventFeedRepository.StoredEvent;
import io.vertx.core.Vertx;
import java.util.List;

/**
 * Reads one owner's events after a cursor, again each time it is woken, and moves the cursor past what it hands on.
 * At most one read is in flight: a wake during a read makes one more read after it, so a burst of notifications
 * costs two reads, not one each. Events held back behind a running transaction are asked for again shortly,
 * as that transaction may commit without writing an event (and so without a notification). Used from one event
 * loop only.
 */
final class EventFollower {

  /** How soon events held back behind a running transaction are asked for again. */
  static final long HELD_BACK_RETRY_MS = 50;

  /** Where reads go. */
  interface Reader {
    /** Events after the cursor (possibly none); called for every read that succeeds. */
    void events(List<StoredEvent> events);

    /** The cursor's event is gone from the outbox. */
    void cursorGone();

    /** A read failed (the database is unavailable). */
    void failed(Throwable failure);
  }

  private final Vertx vertx;
  private final EventFeedRepository feed;
  private final String owner;
  private final int batchSize;
  private final Reader reader;
  private String cursor;
  private boolean reading;
  private boolean again;
  private boolean paused;
  private boolean stopped;
  private long retryTimer = -1;

  EventFollower(Vertx vertx, EventFeedRepository feed, String owner, String cursor, int batchSize, Reader reader) {
    this.vertx = vertx;
    this.feed = feed;
    this.owner = owner;
    this.cursor = cursor;
    this.batchSize = batchSize;
    this.reader = reader;
  }

  /** The id of the last event handed on (or the one started after); null when none yet. */
  String cursor() {
    return cursor;
  }

  /** Reads now, or after the read in flight (or once resumed). */
  void wake() {
    if (stopped) {
      return;
    }
    if (reading || paused) {
      again = true;
      return;
    }
    read();
  }

  /** No reads until {@link #resume()}: the reader cannot take more yet. */
  void pause() {
    paused = true;
  }

  void resume() {
    paused = false;
    if (again) {
      again = false;
      wake();
    }
  }

  void stop() {
    stopped = true;
    if (retryTimer >= 0) {
      vertx.cancelTimer(retryTimer);
      retryTimer = -1;
    }
  }

  private void read() {
    reading = true;
    again = false;
    feed.after(owner, cursor, batchSize).onComplete(result -> {
      reading = false;
      if (stopped) {
        return;
      }
      if (result.failed()) {
        stop();
        reader.failed(result.cause());
        return;
      }
      if (result.result() instanceof Events page) {
        handOn(page);
      } else {
        stop();
        reader.cursorGone();
      }
    });
  }

  private void handOn(Events page) {
    List<StoredEvent> events = page.events();
    if (!events.isEmpty()) {
      cursor = events.get(events.size() - 1).id();
      // a full page: more may be waiting right behind it
      again |= events.size() == batchSize;
    }
    if (page.heldBack() && retryTimer < 0) {
      retryTimer = vertx.setTimer(HELD_BACK_RETRY_MS, id -> {
        retryTimer = -1;
        wake();
      });
    }
    reader.events(events);
    if (again && !stopped) {
      wake();
    }
  }
}
