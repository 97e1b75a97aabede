package dev.conduit.notify;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SelfSignedCertificate;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A webhook receiver on loopback: a real Vert.x HTTP (or HTTPS, with SNI) server that records each request as it
 * arrived — headers, body, the TLS server name the client indicated, the address the connection reached — and
 * answers from a script: one answer per request, in order, then 204.
 */
final class TestReceiver {

  /** One request as the receiver saw it. */
  record Received(String path, MultiMap headers, String body, String serverName, String authorityHost,
      String localAddress) {

    String header(String name) {
      return headers.get(name);
    }
  }

  /** How to answer one request: a status, optionally a header, optionally held until the test releases it. */
  record Answer(int status, String headerName, String headerValue, Future<Void> heldUntil) {

    static Answer status(int status) {
      return new Answer(status, null, null, Future.succeededFuture());
    }

    static Answer withHeader(int status, String name, String value) {
      return new Answer(status, name, value, Future.succeededFuture());
    }

    /** Answers {@code status} only once {@code release} completes: a receiver that is still working. */
    static Answer held(Future<Void> release, int status) {
      return new Answer(status, null, null, release);
    }
  }

  private final HttpServer server;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final Queue<Answer> script = new ConcurrentLinkedQueue<>();

  private TestReceiver(HttpServer server) {
    this.server = server;
  }

  /** A plain HTTP receiver on 127.0.0.1, on a free port. */
  static Future<TestReceiver> http(Vertx vertx) {
    return start(vertx, new HttpServerOptions());
  }

  /** An HTTPS receiver on 127.0.0.1 presenting {@code certificate}, recording the SNI server name. */
  static Future<TestReceiver> https(Vertx vertx, SelfSignedCertificate certificate) {
    return start(vertx, new HttpServerOptions().setSsl(true).setSni(true)
        .setKeyCertOptions(certificate.keyCertOptions()));
  }

  private static Future<TestReceiver> start(Vertx vertx, HttpServerOptions options) {
    HttpServer server = vertx.createHttpServer(options.setHost("127.0.0.1").setPort(0));
    TestReceiver receiver = new TestReceiver(server);
    return server.requestHandler(receiver::answer).listen().map(receiver);
  }

  /** The next requests get these answers, in order; after them, 204. */
  void answers(Answer... answers) {
    script.addAll(List.of(answers));
  }

  int port() {
    return server.actualPort();
  }

  String url(String path) {
    return "http://127.0.0.1:" + port() + path;
  }

  List<Received> received() {
    return List.copyOf(received);
  }

  Future<Void> close() {
    return server.close();
  }

  private void answer(HttpServerRequest request) {
    Answer answer = script.poll();
    Answer chosen = answer == null ? Answer.status(204) : answer;
    request.body().onSuccess(body -> {
      received.add(new Received(request.uri(), MultiMap.caseInsensitiveMultiMap().addAll(request.headers()),
          body.toString(), request.connection().indicatedServerName(),
          request.authority() == null ? null : request.authority().host(),
          request.connection().localAddress().hostAddress()));
      chosen.heldUntil().onComplete(released -> {
        if (chosen.headerName() != null) {
          request.response().putHeader(chosen.headerName(), chosen.headerValue());
        }
        request.response().setStatusCode(chosen.status()).end();
      });
    });
  }
}
