package dev.conduit.store;

import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.impl.SocketConnectionBase;
import io.vertx.sqlclient.internal.Connection;
import io.vertx.sqlclient.internal.SqlConnectionInternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes the socket under a pooled connection whose server stopped answering. The public API has no way to do it:
 * {@code close()} on a pooled connection hands it back to the pool, where the next borrower would wait on the same
 * silent socket. Closing the socket fails the command in flight and makes the pool drop the connection. This leans
 * on vertx-sql-client internals (5.0.x); {@code DatabaseOutageTest} notices if they change.
 */
final class StuckConnections {

  private static final Logger LOG = LoggerFactory.getLogger(StuckConnections.class);

  private StuckConnections() {
  }

  static void evict(SqlConnection conn) {
    if (!(conn instanceof SqlConnectionInternal internal)) {
      LOG.warn("cannot close a hung database connection of type {}", conn.getClass().getName());
      return;
    }
    Connection inner = internal.unwrap();
    // the pool wraps the socket connection; unwrap() answers itself at the bottom
    for (Connection next = inner.unwrap(); next != inner; next = inner.unwrap()) {
      inner = next;
    }
    if (inner instanceof SocketConnectionBase socket) {
      socket.socket().close();
    } else {
      LOG.warn("cannot close a hung database connection of type {}", inner.getClass().getName());
    }
  }
}
