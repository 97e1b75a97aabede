package dev.conduit.store;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

/**
 * A client-side deadline on work against the database: a frozen server answers nothing and refuses nothing, so
 * only a timer on our side ends the wait. Past the deadline the caller gets {@link DatabaseUnavailable#failure()}
 * at once and {@code abandon} runs (to close what hung); the work's own late result is dropped.
 */
public final class DatabaseDeadline {

  private DatabaseDeadline() {
  }

  public static <T> Future<T> bound(Vertx vertx, Future<T> work, long timeoutMs, Runnable abandon) {
    Promise<T> result = Promise.promise();
    long timer = vertx.setTimer(Math.max(1, timeoutMs), id -> {
      if (result.tryFail(DatabaseUnavailable.failure())) {
        abandon.run();
      }
    });
    work.onComplete(done -> {
      vertx.cancelTimer(timer);
      if (done.succeeded()) {
        result.tryComplete(done.result());
      } else {
        result.tryFail(done.cause());
      }
    });
    return result.future();
  }
}
