package dev.conduit.refresh;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A provider's token endpoint on loopback: records every call (path, form, Authorization header) and answers
 * with fresh rotating tokens ({@code at-1}/{@code rt-1}, then {@code at-2}/{@code rt-2}, …) or a scripted error.
 * It can hold its answers until the test releases them, to keep a refresh in flight.
 */
final class TokenEndpoint {

  record Call(String path, Map<String, String> form, String authorization) {
  }

  /** The revocation endpoint (RFC 7009): recorded like any call, answered at once, never held. */
  static final String REVOKE_PATH = "/oauth/revoke";

  private final List<Call> calls = new CopyOnWriteArrayList<>();
  private final AtomicInteger issued = new AtomicInteger();
  private volatile Promise<Void> gate;
  private volatile int errorStatus;
  private volatile String errorBody;
  private HttpServer server;

  Future<TokenEndpoint> start(Vertx vertx) {
    return vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1").map(listening -> {
      server = listening;
      return this;
    });
  }

  /** The base URL, e.g. {@code http://127.0.0.1:41234}. */
  String base() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  /** The refresh calls (everything but revocations). */
  List<Call> calls() {
    return calls.stream().filter(call -> !call.path().equals(REVOKE_PATH)).toList();
  }

  /** The tokens revoked, in order. */
  List<String> revoked() {
    return calls.stream().filter(call -> call.path().equals(REVOKE_PATH)).map(call -> call.form().get("token"))
        .toList();
  }

  /** Answers from now on wait until {@link #release()}. */
  void hold() {
    gate = Promise.promise();
  }

  void release() {
    gate.tryComplete();
  }

  /** Answers every call with this error from now on. */
  void fail(int status, String json) {
    errorStatus = status;
    errorBody = json;
  }

  private void handle(HttpServerRequest request) {
    request.body().onSuccess(body -> {
      calls.add(new Call(request.path(), form(body), request.getHeader("Authorization")));
      if (request.path().equals(REVOKE_PATH)) {
        request.response().putHeader("Content-Type", "application/json").end("{}");
        return;
      }
      Promise<Void> waiting = gate;
      (waiting == null ? Future.<Void>succeededFuture() : waiting.future()).onComplete(open -> answer(request));
    });
  }

  private void answer(HttpServerRequest request) {
    request.response().putHeader("Content-Type", "application/json");
    if (errorBody != null) {
      request.response().setStatusCode(errorStatus).end(errorBody);
      return;
    }
    int n = issued.incrementAndGet();
    request.response().end("{\"access_token\":\"at-" + n + "\",\"refresh_token\":\"rt-" + n
        + "\",\"token_type\":\"bearer\",\"expires_in\":3600}");
  }

  private static Map<String, String> form(Buffer body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.toString(StandardCharsets.US_ASCII).split("&")) {
      int equals = pair.indexOf('=');
      if (equals > 0) {
        form.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
      }
    }
    return form;
  }

  private static String decode(String text) {
    return URLDecoder.decode(text, StandardCharsets.UTF_8);
  }
}
