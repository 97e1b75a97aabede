package dev.conduit.http;

import io.vertx.core.json.JsonArray;

/** A request with several faults, each already a JSON:API error object; answered with all of them. */
final class InvalidRequest extends RuntimeException {

  private final int status;
  private final JsonArray errors;

  InvalidRequest(int status, JsonArray errors) {
    super(null, null, false, false);
    this.status = status;
    this.errors = errors;
  }

  int status() {
    return status;
  }

  JsonArray errors() {
    return errors;
  }
}
