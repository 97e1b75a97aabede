package dev.conduit.http;

import io.vertx.ext.web.RoutingContext;

/** One check a request must pass before its endpoint runs; it throws the error the client should get. */
@FunctionalInterface
interface RequestCheck {

  void check(RoutingContext ctx);
}
