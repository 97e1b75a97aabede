package dev.conduit.refresh;

import dev.conduit.store.ConnectSessionRepository;
import dev.conduit.store.Database;
import dev.conduit.store.OAuthFlowRepository;
import dev.conduit.store.PeriodicPurge;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what the connect flow leaves behind: authorization flows an hour after they expired (an expired state is
 * refused whether or not its row is still there) and connect sessions a week after they expired, so that for a week
 * an old link still says it has expired rather than that it never existed. Runs beside the code exchange that ends
 * those flows; replicas may run it at the same time.
 */
final class ConnectHousekeeping {

  static final Duration FLOWS_KEPT = Duration.ofHours(1);
  static final Duration SESSIONS_KEPT = Duration.ofDays(7);
  private static final Logger LOG = LoggerFactory.getLogger(ConnectHousekeeping.class);
  private static final Duration EVERY = Duration.ofMinutes(10);
  private static final int BATCH = 500;

  private final List<PeriodicPurge> purges;

  ConnectHousekeeping(Vertx vertx, Database database) {
    OAuthFlowRepository flows = new OAuthFlowRepository(database);
    ConnectSessionRepository sessions = new ConnectSessionRepository(database);
    purges = List.of(
        new PeriodicPurge(vertx, LOG, "authorization flow cleanup", "deleted expired authorization flows", EVERY,
            BATCH, limit -> flows.purgeExpired(FLOWS_KEPT, limit)),
        new PeriodicPurge(vertx, LOG, "connect session cleanup", "deleted expired connect sessions", EVERY, BATCH,
            limit -> sessions.purgeExpired(SESSIONS_KEPT, limit)));
  }

  void start() {
    purges.forEach(PeriodicPurge::start);
  }

  void stop() {
    purges.forEach(PeriodicPurge::stop);
  }
}
