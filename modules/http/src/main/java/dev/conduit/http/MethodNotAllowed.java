package dev.conduit.http;

import dev.conduit.core.error.ErrorCode;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Path;
import java.util.stream.Collectors;

/**
 * The {@code 405} answer for a method a path does not offer, with {@code Allow} listing the methods it does (RFC
 * 9110 section 15.5.6 requires the header), taken from the OpenAPI contract the routes are built from.
 */
final class MethodNotAllowed implements Handler<RoutingContext> {

  private final OpenAPIContract contract;

  MethodNotAllowed(OpenAPIContract contract) {
    this.contract = contract;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String allow = allowed(ctx.request().path());
    if (allow != null) {
      ctx.response().putHeader(HttpHeaders.ALLOW, allow);
    }
    JsonApi.sendError(ctx, ErrorCode.METHOD_NOT_ALLOWED, "this path does not offer the method "
        + ctx.request().method().name() + (allow == null ? "" : "; it offers " + allow));
  }

  /** The methods of the contract's path that matches this request path, e.g. {@code "GET, DELETE"}. */
  String allowed(String requestPath) {
    Path path = requestPath == null ? null : contract.findPath(requestPath);
    if (path == null && requestPath != null && ProxyHandlers.isProxyPath(requestPath)) {
      // the contract's proxy path template has one segment for {path}; the route takes any number
      path = contract.findPath(requestPath.substring(0, requestPath.indexOf("/proxy/") + "/proxy/".length()) + "x");
    }
    if (path == null || path.getOperations().isEmpty()) {
      return null;
    }
    return path.getOperations().stream().map(Operation::getHttpMethod).map(method -> method.name())
        .distinct().collect(Collectors.joining(", "));
  }
}
