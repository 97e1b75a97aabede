package dev.conduit.vault;

import dev.conduit.store.ChangeNotice;
import dev.conduit.store.CredentialRepository;
import dev.conduit.store.DatabaseDeadline;
import dev.conduit.store.DatabaseUnavailable;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hears, on a dedicated LISTEN connection, about every committed change to a credential or connection in any
 * replica, and offers a freshness barrier: once {@link #barrier()} completes, every change committed before it
 * was called has been delivered to the listener. PostgreSQL sends a listening session the notifications that
 * are pending before it answers that session's next query, so one {@code SELECT 1} on the listening connection
 * proves it (the store module's tests check this). Concurrent callers share one round trip.
 *
 * <p>While the connection is down, notifications are lost: the feed reports itself unhealthy and tells its user
 * to forget everything, until it has reconnected. A round trip that gets no answer within the query timeout (a
 * frozen server) fails its waiters with {@code service_unavailable} and closes the connection: without the barrier
 * the cache cannot be trusted, so a warm vend is refused rather than served from it. Connecting is bounded the
 * same way. Used from one event loop only.
 */
final class ChangeFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ChangeFeed.class);
  private static final long RECONNECT_DELAY_MS = 1_000;
  /** How the listening session shows up in pg_stat_activity. */
  static final String APPLICATION_NAME = "conduit-change-feed";

  private final Vertx vertx;
  private final DatabaseUrl database;
  private final Consumer<UUID> onChange;
  private final Runnable onGap;
  private PgConnection connection;
  private boolean closed;
  /** Waiters of the round trip in flight; they arrived before it was sent. */
  private List<Promise<Void>> inFlight;
  /** Waiters that arrived while a round trip was in flight: they need the next one. */
  private List<Promise<Void>> next = new ArrayList<>();

  /**
   * @param onChange told the id of each changed connection
   * @param onGap    told when notifications may have been missed (connection lost)
   */
  ChangeFeed(Vertx vertx, DatabaseUrl database, Consumer<UUID> onChange, Runnable onGap) {
    this.vertx = vertx;
    this.database = database;
    this.onChange = onChange;
    this.onGap = onGap;
  }

  Future<Void> start() {
    Future<PgConnection> connected = PgConnection.connect(vertx,
        PgPools.asSystemRole(database).addProperty("application_name", APPLICATION_NAME));
    Future<PgConnection> listening = connected.compose(conn -> {
      conn.notificationHandler(notification -> {
        // the channel carries deleted API keys too: the HTTP verticle's concern, not this cache's
        if (ChangeNotice.parse(notification.getPayload()) instanceof ChangeNotice.ConnectionChanged changed) {
          onChange.accept(changed.connectionId());
        }
      });
      conn.closeHandler(v -> lost(conn));
      return conn.query("LISTEN " + CredentialRepository.CHANGES_CHANNEL).execute().map(conn);
    });
    // a connection that connects or listens only after the deadline is closed, or it would listen unseen
    return bounded(listening, () -> connected.onSuccess(PgConnection::close))
        .onSuccess(conn -> connection = conn)
        .mapEmpty();
  }

  boolean healthy() {
    return connection != null;
  }

  /** Completes once every change committed before this call has been delivered; fails if the feed is down. */
  Future<Void> barrier() {
    if (connection == null) {
      return Future.failedFuture(new IllegalStateException("change feed is down"));
    }
    Promise<Void> waiter = Promise.promise();
    next.add(waiter);
    if (inFlight == null) {
      roundTrip();
    }
    return waiter.future();
  }

  private void roundTrip() {
    inFlight = next;
    next = new ArrayList<>();
    PgConnection conn = connection;
    Future<?> sync = conn == null ? Future.failedFuture(new IllegalStateException("change feed is down"))
        : bounded(conn.query("SELECT 1").execute(), conn::close);
    sync.onComplete(result -> {
      List<Promise<Void>> done = inFlight;
      inFlight = null;
      done.forEach(waiter -> waiter.handle(result.mapEmpty()));
      if (!next.isEmpty()) {
        roundTrip();
      }
    });
  }

  /** {@code work}, or {@link DatabaseUnavailable#failure()} once the query timeout passes (then {@code abandon}). */
  private <T> Future<T> bounded(Future<T> work, Runnable abandon) {
    return DatabaseDeadline.bound(vertx, work, database.queryTimeout().toMillis(), abandon);
  }

  private void lost(PgConnection conn) {
    if (connection != conn) {
      return;
    }
    connection = null;
    onGap.run();
    if (closed) {
      return;
    }
    LOG.warn("the credential change feed lost its database connection; vends read the database until it is back");
    vertx.setTimer(RECONNECT_DELAY_MS, id -> reconnect());
  }

  private void reconnect() {
    if (closed) {
      return;
    }
    start().onSuccess(v -> {
      // changes made while disconnected were not heard: forget everything once more, now that we listen again
      onGap.run();
      LOG.info("the credential change feed is back");
    }).onFailure(e -> vertx.setTimer(RECONNECT_DELAY_MS, id -> reconnect()));
  }

  Future<Void> close() {
    closed = true;
    PgConnection conn = connection;
    connection = null;
    return conn == null ? Future.succeededFuture() : conn.close();
  }
}
