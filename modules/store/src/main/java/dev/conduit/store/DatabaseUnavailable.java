package dev.conduit.store;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.VertxException;
import io.vertx.core.http.ConnectionPoolTooBusyException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Tells a database that cannot be reached (refused, closed, silent, out of connections) from a statement that
 * failed: the first is {@code 503 service_unavailable}, worth retrying; the second is the caller's business.
 */
public final class DatabaseUnavailable {

  /** SQLSTATEs of a server that is going away or cannot take the connection (class 08, 57P01–57P03, 53300). */
  private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

  private static final String ACQUIRE_TIMEOUT = "Timeout waiting for connection";
  /** Statements scheduled on, or queued for, a connection whose socket was just closed under them. */
  private static final String NOT_ACTIVE = "Connection is not active now";
  private static final String PENDING_FAILED = "Pending requests failed to be sent";

  private DatabaseUnavailable() {
  }

  /** What a caller gets when the database did not answer in time or could not be reached. */
  public static ConduitException failure() {
    return new ConduitException(ErrorCode.SERVICE_UNAVAILABLE, "the database is not answering; retry later");
  }

  /** {@link #failure()} for a connection-level failure; anything else as it is. */
  public static Throwable classify(Throwable failure) {
    return isUnavailable(failure) ? failure() : failure;
  }

  /** Whether this failure means the database, not the statement: refused, closed, timed out, pool exhausted. */
  public static boolean isUnavailable(Throwable failure) {
    if (failure instanceof ConduitException known) {
      return known.code() == ErrorCode.SERVICE_UNAVAILABLE;
    }
    if (failure instanceof PgException pg) {
      String state = pg.getSqlState();
      return state != null && (state.startsWith("08") || UNAVAILABLE_STATES.contains(state));
    }
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      // refused, reset, timed-out connects are IOExceptions; a socket closed under a statement fails it with this
      if (cause instanceof IOException || cause instanceof ClosedConnectionException
          || cause instanceof TimeoutException || cause instanceof ConnectionPoolTooBusyException) {
        return true;
      }
    }
    // the pool's acquire deadline and a closed connection: stackless VertxExceptions told apart only by message
    String message = failure.getMessage();
    return failure instanceof VertxException && message != null
        && (message.equals(ACQUIRE_TIMEOUT) || message.startsWith(NOT_ACTIVE) || message.startsWith(PENDING_FAILED));
  }
}
