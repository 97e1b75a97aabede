package dev.conduit.http;

import dev.conduit.http.auth.BearerAuthentication;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Everything one operation does with a request, as the route's single handler: authentication and the caller's
 * scope (when the contract secures the operation), then the checks in order, then the endpoint. One handler per
 * route keeps Vert.x from matching the route's path again before each step. The scope is checked before anything
 * else is looked at, so a key without it learns nothing about the request's other faults.
 */
final class OperationPipeline implements Handler<RoutingContext> {

  private final BearerAuthentication authentication;
  private final RouteScopes.Access access;
  private final List<RequestCheck> checks;
  private final Handler<RoutingContext> endpoint;

  /** A public operation. */
  OperationPipeline(List<RequestCheck> checks, Handler<RoutingContext> endpoint) {
    this(null, null, checks, endpoint);
  }

  /** @param authentication null for a public operation (then {@code access} is null too) */
  OperationPipeline(BearerAuthentication authentication, RouteScopes.Access access, List<RequestCheck> checks,
      Handler<RoutingContext> endpoint) {
    this.authentication = authentication;
    this.access = access;
    this.checks = List.copyOf(checks);
    this.endpoint = endpoint;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (authentication == null) {
      proceed(ctx);
    } else {
      authentication.authenticate(ctx).onSuccess(caller -> {
        try {
          access.check(caller);
        } catch (InsufficientScope refused) {
          ctx.fail(refused);
          return;
        }
        proceed(ctx);
      }).onFailure(ctx::fail);
    }
  }

  private void proceed(RoutingContext ctx) {
    try {
      for (RequestCheck check : checks) {
        check.check(ctx);
      }
      endpoint.handle(ctx);
    } catch (RuntimeException e) {
      ctx.fail(e);
    }
  }
}
