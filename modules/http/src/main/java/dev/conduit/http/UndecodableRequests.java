package dev.conduit.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;

/**
 * Answers a request whose head the HTTP decoder could not read (a line or header section over the limits, or
 * not HTTP at all), then closes its connection, as Vert.x's own handler does, but says so first with
 * {@code Connection: close}. Without it a keep-alive client pools the connection after the 431 and may send its
 * next request just as the close arrives, and that request fails with no answer at all.
 *
 * <p>The close cannot linger (drain a body the client is still sending before closing, so that no reset overtakes
 * the answer): Vert.x fails the connection itself once an undecodable request's response is written.
 */
final class UndecodableRequests {

  private UndecodableRequests() {
  }

  static void answer(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    HttpResponseStatus status = cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
        : cause instanceof TooLongHttpHeaderException ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
        : HttpResponseStatus.BAD_REQUEST;
    request.response().setStatusCode(status.code()).putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE).end();
    request.connection().close();
  }
}
