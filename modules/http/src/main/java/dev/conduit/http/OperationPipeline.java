package dev.conduit.http;

import dev.conduit.http.auth.BearerAuthentication;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.List;

/**
 * Everything one operation does with a request, as the route's single handler: authentication (when the
 * contract secures the operation), then the checks in order, then the endpoint. One handler per route keeps
 * Vert.x from matching the route's path again before each step.
 */
final class OperationPipeline implements Handler<RoutingContext> {

  private final BearerAuthentication authentication;
  private final List<RequestCheck> checks;
  private final Handler<RoutingContext> endpoint;

  /** @param authentication null for a public operation */
  OperationPipeline(BearerAuthentication authentication, List<RequestCheck> checks, Handler<RoutingContext> endpoint) {
    this.authentication = authentication;
    this.checks = List.copyOf(checks);
    this.endpoint = endpoint;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (authentication == null) {
      proceed(ctx);
    } else {
      authentication.authenticate(ctx).onSuccess(owner -> proceed(ctx)).onFailure(ctx::fail);
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
