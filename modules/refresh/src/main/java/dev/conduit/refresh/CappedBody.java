package dev.conduit.refresh;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.WriteStream;

/**
 * Collects a response body up to a limit and fails past it, so a provider (or anything impersonating one) cannot
 * make Conduit buffer an unbounded answer.
 */
final class CappedBody implements WriteStream<Buffer> {

  /** Thrown (as a failed write) when the body grows past the limit. */
  static final class TooLarge extends RuntimeException {
    TooLarge(int limit) {
      super("answer larger than " + limit + " bytes", null, false, false);
    }
  }

  private final int limit;
  private final Buffer collected = Buffer.buffer();

  CappedBody(int limit) {
    this.limit = limit;
  }

  Buffer collected() {
    return collected;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (collected.length() + data.length() > limit) {
      return Future.failedFuture(new TooLarge(limit));
    }
    collected.appendBuffer(data);
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    return Future.succeededFuture();
  }

  @Override
  public WriteStream<Buffer> exceptionHandler(Handler<Throwable> handler) {
    return this;
  }

  @Override
  public WriteStream<Buffer> setWriteQueueMaxSize(int maxSize) {
    return this;
  }

  @Override
  public boolean writeQueueFull() {
    return false;
  }

  @Override
  public WriteStream<Buffer> drainHandler(Handler<Void> handler) {
    return this;
  }
}
