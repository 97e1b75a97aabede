package dev.conduit.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.junit5.VertxExtension;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.Tuple;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The bound on every use of the pool: a database that refuses or never answers is a 503 within the query timeout;
 * a statement that fails is the caller's failure, unchanged; a transaction commits or rolls back as a whole.
 */
@ExtendWith(VertxExtension.class)
class DatabaseTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(1);
  /** Far above the timeout, for a busy machine; before the bound, these calls never completed at all. */
  private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(20);

  @Test
  void aServerThatAcceptsButNeverAnswersIsUnavailableWithinTheBound(Vertx vertx) throws IOException {
    Database database;
    try (ServerSocket silent = new ServerSocket(0); Holder held = new Holder(silent)) {
      database = PgPools.shared(vertx, DatabaseUrl.local(silent.getLocalPort(), "postgres", "postgres")
          .withQueryTimeout(TIMEOUT), 2);
      long started = System.nanoTime();
      assertUnavailable(database.query("SELECT 1"));
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(ANSWERED_WITHIN);
    }
    // only now: closing the pool waits for the connection attempt, which ends when the silent server goes
    database.pool().close().await();
  }

  @Test
  void aServerThatRefusesIsUnavailable(Vertx vertx) throws IOException {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0)) {
      closedPort = socket.getLocalPort();
    }
    Database database = PgPools.shared(vertx, DatabaseUrl.local(closedPort, "postgres", "postgres")
        .withQueryTimeout(TIMEOUT), 2);
    assertUnavailable(database.query("SELECT 1"));
    assertUnavailable(database.forOwner("alice").withTransaction(conn -> conn.query("SELECT 1").execute()));
    assertUnavailable(database.system().execute("SELECT 1", Tuple.tuple()));
    database.pool().close().await();
  }

  @Test
  void aFailedStatementIsTheCallersFailureAndATransactionRollsBackAsAWhole(Vertx vertx) {
    TestDatabase.truncateAll();
    Database database = PgPools.shared(vertx, TestDatabase.url(), 2);
    assertThatThrownBy(() -> database.query("SELEC 1").await()).isInstanceOf(PgException.class);

    UUID kept = UUID.randomUUID();
    UUID rolledBack = UUID.randomUUID();
    String insert = "INSERT INTO connections (id, owner, connector) VALUES ($1, 'alice', 'stripe')";
    DatabaseScope alice = database.forOwner("alice");
    alice.withTransaction(conn -> conn.preparedQuery(insert).execute(Tuple.of(kept))).await();
    assertThatThrownBy(() -> alice.withTransaction(conn -> conn.preparedQuery(insert).execute(Tuple.of(rolledBack))
        .compose(v -> Future.failedFuture(new IllegalStateException("changed my mind")))).await())
        .isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> alice.withTransaction(conn -> conn.preparedQuery(insert).execute(Tuple.of(rolledBack))
        .compose(v -> conn.query("SELEC 1").execute())).await())
        .isInstanceOf(PgException.class);
    assertThatThrownBy(() -> alice.execute("SELEC 1", Tuple.tuple()).await()).isInstanceOf(PgException.class);

    assertThat(alice.execute("SELECT id FROM connections WHERE owner = 'alice'", Tuple.tuple()).await()
        .iterator().next().getUUID(0)).isEqualTo(kept);
    assertThat(alice.query("SELECT count(*) FROM connections").await().iterator().next().getLong(0))
        .isEqualTo(1);
    database.pool().close().await();
  }

  @Test
  void connectionLevelFailuresAreUnavailableAndStatementFailuresAreNot() {
    assertThat(List.of(
        new VertxException("Timeout waiting for connection", true),
        new VertxException("Connection is not active now, current status: CLOSED", true),
        new VertxException("Pending requests failed to be sent due to connection has been closed.", true),
        ClosedConnectionException.INSTANCE,
        new VertxException(new ConnectException("Connection refused")),
        new PgException("terminating connection due to administrator command", "FATAL", "57P01", null),
        new PgException("the database system is starting up", "FATAL", "57P03", null)))
        .allMatch(DatabaseUnavailable::isUnavailable);
    assertThat(List.of(
        new PgException("syntax error", "ERROR", "42601", null),
        new PgException("duplicate key", "ERROR", "23505", null),
        new ConduitException(ErrorCode.NOT_FOUND, "no such connection"),
        new IllegalStateException("a bug")))
        .noneMatch(DatabaseUnavailable::isUnavailable);
  }

  private static void assertUnavailable(Future<?> call) {
    assertThatThrownBy(call::await).isInstanceOfSatisfying(ConduitException.class,
        e -> assertThat(e.code()).isEqualTo(ErrorCode.SERVICE_UNAVAILABLE));
  }

  /** Accepts connections and holds them open without reading a byte: a server that stopped answering. */
  private static final class Holder implements AutoCloseable {

    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    Holder(ServerSocket server) {
      acceptor = new Thread(() -> {
        try {
          while (true) {
            Socket socket = server.accept();
            synchronized (sockets) {
              sockets.add(socket);
            }
          }
        } catch (IOException closed) {
          // the server socket was closed: the test is over
        }
      }, "silent-database");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    @Override
    public void close() throws IOException {
      synchronized (sockets) {
        for (Socket socket : sockets) {
          socket.close();
        }
      }
    }
  }
}
