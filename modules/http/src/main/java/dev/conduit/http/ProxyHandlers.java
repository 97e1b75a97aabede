package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.proxy.Proxy;
import io.vertx.core.Handler;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /api/connections/{id}/proxy/{path}}: hands the call to the {@link Proxy} and records it in the audit trail.
 * The request's body is never read by the router (see {@link #pauseBody}): the proxy streams it.
 */
final class ProxyHandlers {

  private static final String CONNECTIONS = "/api/connections/";
  private static final String PROXY = "/proxy";
  private static final String MARKER = "/proxy/";
  /** The methods API.md proxies; any other is the router's 405. */
  static final Set<HttpMethod> PROXIED_METHODS = Set.of(HttpMethod.GET, HttpMethod.POST, HttpMethod.PUT,
      HttpMethod.PATCH, HttpMethod.DELETE);

  private final Proxy proxy;
  private final AuditTrail audit;

  ProxyHandlers(Proxy proxy, AuditTrail audit) {
    this.proxy = proxy;
    this.audit = audit;
  }

  /**
   * In place of the JSON body handler: proxy calls keep their body unread (paused) for the proxy to stream; every
   * other request gets {@code bodyHandler}. A proxy call whose path needs no normalizing and whose method the proxy
   * takes goes straight to {@code proxyRoute}: matching it against every route of the API first (a regular expression
   * each, the proxy's routes last) cost more than any other single step of a proxied call. Everything else (a 405
   * method, a path with dot segments or an escaped id) is routed as usual.
   */
  static Handler<RoutingContext> pauseBody(Handler<RoutingContext> bodyHandler, Handler<RoutingContext> proxyRoute) {
    return ctx -> {
      HttpServerRequest request = ctx.request();
      String path = request.path();
      if (!isProxyPath(path)) {
        bodyHandler.handle(ctx);
        return;
      }
      request.pause();
      // answered without the body being read (a 401, a 405): drop the rest, so the connection can go on
      ctx.addEndHandler(done -> {
        if (!request.isEnded()) {
          request.resume();
        }
      });
      if (PROXIED_METHODS.contains(request.method()) && path.indexOf(MARKER) > 0 && path.indexOf('%') < 0
          && path.equals(ctx.normalizedPath())) {
        proxyRoute.handle(ctx);
      } else {
        ctx.next();
      }
    };
  }

  /**
   * Whether {@code path} is a proxy path: {@code /api/connections/}, a non-empty id segment, {@code /proxy}, then
   * nothing or a provider path after a slash. Asked of every request, so a string walk rather than a regex.
   */
  static boolean isProxyPath(String path) {
    if (path == null || !path.startsWith(CONNECTIONS)) {
      return false;
    }
    int idEnd = path.indexOf('/', CONNECTIONS.length());
    if (idEnd <= CONNECTIONS.length() || !path.startsWith(PROXY, idEnd)) {
      return false;
    }
    int after = idEnd + PROXY.length();
    return path.length() == after || path.charAt(after) == '/';
  }

  void forward(RoutingContext ctx) {
    HttpServerRequest request = ctx.request();
    String rawPath = request.path();
    UUID id;
    try {
      // routed: the router's decoded parameter; sent straight here by pauseBody: the path's plain segment
      String idSegment = ctx.pathParam("id") != null ? ctx.pathParam("id")
          : rawPath.substring(CONNECTIONS.length(), rawPath.indexOf('/', CONNECTIONS.length()));
      id = PathIds.uuid(idSegment, "no connection with this id");
    } catch (ConduitException notFound) {
      request.resume();
      throw notFound;
    }
    int marker = rawPath.indexOf(MARKER);
    String providerPath = marker < 0 ? "" : rawPath.substring(marker + MARKER.length());
    proxy.forward(new Proxy.Call(BearerAuthentication.owner(ctx), id, RequestIds.of(ctx), request, providerPath))
        .onComplete(done -> {
          int status = done.succeeded() ? done.result() : statusOf(done.cause());
          audit.recordProxy(ctx, id, "/" + providerPath, status, done);
          if (done.succeeded()) {
            return;
          }
          if (ctx.response().headWritten()) {
            ctx.response().reset();
            return;
          }
          if (done.cause() instanceof ConduitException known && known.code() == ErrorCode.PAYLOAD_TOO_LARGE) {
            // the rest of the body is not read: the connection cannot carry another request
            ctx.response().putHeader("Connection", "close");
          } else if (!request.isEnded()) {
            // the body was never wanted (an error before the call went out): let it drain so the connection lives on
            request.resume();
          }
          ctx.fail(done.cause());
        });
  }

  private static int statusOf(Throwable failure) {
    if (failure instanceof ConduitException known) {
      return known.code().status();
    }
    if (failure instanceof ReplyException reply) {
      // as Failures answers it: a component's own failure code, else the component did not answer
      ErrorCode code = reply.failureType() == ReplyFailure.RECIPIENT_FAILURE
          ? ErrorCode.fromFailureCode(reply.failureCode()) : ErrorCode.SERVICE_UNAVAILABLE;
      return code.status();
    }
    return 500;
  }
}
