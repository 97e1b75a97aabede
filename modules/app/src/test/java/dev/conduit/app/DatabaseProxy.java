package dev.conduit.app;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of the test PostgreSQL that can play the database's faults without touching the shared
 * server: {@link #freeze()} stops forwarding but keeps every connection open and accepts new ones (a stopped
 * process, a network path that stops forwarding: nothing is refused, nothing answers); {@link #refuse()} closes
 * everything and stops listening (connection refused). Both are undone by {@link #heal()}.
 */
final class DatabaseProxy implements AutoCloseable {

  private final Vertx vertx = Vertx.vertx();
  private final NetClient upstream = vertx.createNetClient();
  private final String targetHost;
  private final int targetPort;
  final int port = TestConduit.freePort();
  private final Set<Link> links = ConcurrentHashMap.newKeySet();
  private final AtomicInteger closedByClient = new AtomicInteger();
  private volatile boolean frozen;
  private volatile NetServer server;

  DatabaseProxy(String targetHost, int targetPort) {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    listen();
  }

  /** Stops forwarding in both directions; connections stay open and new ones are accepted, then stall too. */
  void freeze() {
    frozen = true;
    links.forEach(Link::pause);
  }

  /** Closes every connection and stops listening: the database now refuses connections. */
  void refuse() {
    server.close().await();
    server = null;
    links.forEach(Link::close);
  }

  /** Forwards again (after {@link #freeze()}) or listens again (after {@link #refuse()}). */
  void heal() {
    frozen = false;
    links.forEach(Link::resume);
    if (server == null) {
      listen();
    }
  }

  /** Connections that the client (Conduit) closed itself, as opposed to the database or this proxy. */
  int closedByClient() {
    return closedByClient.get();
  }

  private void listen() {
    server = vertx.createNetServer().connectHandler(this::accepted).listen(port, "127.0.0.1")
        .await();
  }

  private void accepted(NetSocket client) {
    client.pause();
    upstream.connect(targetPort, targetHost).onComplete(connected -> {
      if (connected.failed()) {
        client.close();
        return;
      }
      Link link = new Link(client, connected.result());
      links.add(link);
      link.start(frozen);
    });
  }

  @Override
  public void close() {
    vertx.close().await();
  }

  /**
   * One client connection and its upstream twin. While paused, bytes are held back rather than left unread: the
   * sockets keep reading, so a close by either side is seen at once, as a stopped server's kernel would see it.
   */
  private final class Link {

    private final NetSocket client;
    private final NetSocket database;
    private Buffer toDatabase = Buffer.buffer();
    private Buffer toClient = Buffer.buffer();
    private boolean paused;
    private boolean closing;

    Link(NetSocket client, NetSocket database) {
      this.client = client;
      this.database = database;
    }

    synchronized void start(boolean paused) {
      this.paused = paused;
      client.handler(bytes -> forward(bytes, true));
      database.handler(bytes -> forward(bytes, false));
      client.closeHandler(v -> closed(true));
      database.closeHandler(v -> closed(false));
      client.resume();
    }

    private synchronized void forward(Buffer bytes, boolean fromClient) {
      if (paused) {
        (fromClient ? toDatabase : toClient).appendBuffer(bytes);
      } else {
        (fromClient ? database : client).write(bytes);
      }
    }

    private synchronized void closed(boolean byClient) {
      if (!closing && byClient) {
        closedByClient.incrementAndGet();
      }
      closing = true;
      links.remove(this);
      client.close();
      database.close();
    }

    synchronized void pause() {
      paused = true;
    }

    synchronized void resume() {
      paused = false;
      if (toDatabase.length() > 0) {
        database.write(toDatabase);
        toDatabase = Buffer.buffer();
      }
      if (toClient.length() > 0) {
        client.write(toClient);
        toClient = Buffer.buffer();
      }
    }

    synchronized void close() {
      closing = true;
      client.close();
      database.close();
    }
  }
}
