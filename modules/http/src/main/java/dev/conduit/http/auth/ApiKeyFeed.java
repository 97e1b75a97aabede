package dev.conduit.http.auth;

import dev.conduit.store.ChangeNotice;
import dev.conduit.store.CredentialRepository;
import dev.conduit.store.DatabaseDeadline;
import dev.conduit.store.DatabaseUrl;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells an {@link ApiKeyVerifier} which keys were deleted, in any replica, as the delete commits: it LISTENs on the
 * change channel the vault's caches use ({@link CredentialRepository#CHANGES_CHANNEL}), where a delete announces
 * itself ({@link ChangeNotice.ApiKeyDeleted}). While its connection is down the verifier remembers nothing; it
 * reconnects every second. One per HTTP verticle instance, on its event loop.
 */
public final class ApiKeyFeed {

  private static final Logger LOG = LoggerFactory.getLogger(ApiKeyFeed.class);
  private static final long RECONNECT_DELAY_MS = 1_000;
  /** How the listening session shows up in pg_stat_activity. */
  static final String APPLICATION_NAME = "conduit-api-key-feed";

  private final Vertx vertx;
  private final DatabaseUrl database;
  private final ApiKeyVerifier verifier;
  private PgConnection connection;
  private boolean closed;

  public ApiKeyFeed(Vertx vertx, DatabaseUrl database, ApiKeyVerifier verifier) {
    this.vertx = vertx;
    this.database = database;
    this.verifier = verifier;
  }

  /** Starts listening; a first connection that fails is retried in the background (keys are then read each time). */
  public void start() {
    connect().onFailure(e -> retryLater());
  }

  private Future<Void> connect() {
    Future<PgConnection> connected = PgConnection.connect(vertx,
        database.connectOptions().addProperty("application_name", APPLICATION_NAME));
    Future<PgConnection> listening = connected.compose(conn -> {
      conn.notificationHandler(notification -> {
        if (ChangeNotice.parse(notification.getPayload()) instanceof ChangeNotice.ApiKeyDeleted deleted) {
          verifier.deleted(deleted.keyId());
        }
      });
      conn.closeHandler(v -> lost(conn));
      return conn.query("LISTEN " + CredentialRepository.CHANGES_CHANNEL).execute().map(conn);
    });
    // a connection that listens only after the deadline is closed, or it would listen unseen
    return DatabaseDeadline.bound(vertx, listening, database.queryTimeout().toMillis(),
            () -> connected.onSuccess(PgConnection::close))
        .map(conn -> {
          if (closed) {
            conn.close();
            return null;
          }
          connection = conn;
          verifier.feedUp();
          return null;
        });
  }

  private void lost(PgConnection conn) {
    if (connection != conn) {
      return;
    }
    connection = null;
    verifier.feedDown();
    if (!closed) {
      LOG.warn("the API key change feed lost its database connection; keys are read from the database until it is back");
      retryLater();
    }
  }

  private void retryLater() {
    vertx.setTimer(RECONNECT_DELAY_MS, id -> {
      if (!closed) {
        connect().onSuccess(v -> LOG.info("the API key change feed is back")).onFailure(e -> retryLater());
      }
    });
  }

  public Future<Void> close() {
    closed = true;
    PgConnection conn = connection;
    connection = null;
    return conn == null ? Future.succeededFuture() : conn.close();
  }
}
