package dev.conduit.http;

import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.EventFeedRepository;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.pubsub.PgSubscriber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes this HttpVerticle instance's long polls and streams when an owner's events are committed, by any replica:
 * migration V12's trigger notifies {@link EventFeedRepository#CHANNEL} once per committing transaction and owner,
 * and one LISTEN connection per instance hears it. A notification is only a hint to read the outbox again; while
 * the connection is down none arrive, so once it is back every waiter is woken to catch up. Used from the
 * instance's event loop only.
 */
final class EventSignal {

  private static final Logger LOG = LoggerFactory.getLogger(EventSignal.class);
  private static final long RECONNECT_DELAY_MS = 1_000;
  /** How the listening session shows up in pg_stat_activity. */
  static final String APPLICATION_NAME = "conduit-event-signal";

  private final Vertx vertx;
  private final DatabaseUrl database;
  private final Map<String, Set<Runnable>> waiters = new HashMap<>();
  private PgSubscriber subscriber;
  private boolean closed;

  EventSignal(Vertx vertx, DatabaseUrl database) {
    this.vertx = vertx;
    this.database = database;
  }

  /** Starts listening in the background; a database that is down now is retried, the server starts regardless. */
  void start() {
    subscriber = PgSubscriber.subscriber(vertx,
            database.connectOptions().addProperty("application_name", APPLICATION_NAME))
        .reconnectPolicy(attempts -> RECONNECT_DELAY_MS);
    subscriber.channel(EventFeedRepository.CHANNEL)
        // an empty payload names no owner (one too long for a notification): everyone reads again
        .handler(owner -> wake(owner.isEmpty() ? null : owner))
        // also after a reconnect: what was committed while nobody listened is read now
        .subscribeHandler(v -> wake(null));
    connect();
  }

  private void connect() {
    subscriber.connect().onFailure(e -> {
      if (!closed) {
        LOG.warn("the event signal cannot listen yet ({}); new events reach waiting long polls and streams once it"
            + " can", e.getMessage());
        vertx.setTimer(RECONNECT_DELAY_MS, id -> connect());
      }
    });
  }

  /** Calls {@code waiter} whenever {@code owner}'s events may have changed, until the returned action is run. */
  Runnable listen(String owner, Runnable waiter) {
    waiters.computeIfAbsent(owner, o -> new LinkedHashSet<>()).add(waiter);
    return () -> {
      Set<Runnable> mine = waiters.get(owner);
      if (mine != null && mine.remove(waiter) && mine.isEmpty()) {
        waiters.remove(owner);
      }
    };
  }

  /** Wakes {@code owner}'s waiters, or everyone's for null. */
  private void wake(String owner) {
    List<Runnable> woken = new ArrayList<>();
    if (owner == null) {
      waiters.values().forEach(woken::addAll);
    } else if (waiters.containsKey(owner)) {
      woken.addAll(waiters.get(owner));
    }
    // a copy: a waiter may stop listening while it is being woken
    woken.forEach(Runnable::run);
  }

  Future<Void> close() {
    closed = true;
    return subscriber == null ? Future.succeededFuture() : subscriber.close();
  }
}
