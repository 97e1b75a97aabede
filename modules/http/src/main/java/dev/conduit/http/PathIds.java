package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/** Ids in paths: anything that is not a canonical UUID is answered like an id that does not exist (404). */
final class PathIds {

  private PathIds() {
  }

  static UUID uuid(RoutingContext ctx, String parameter, String notFoundDetail) {
    String id = ctx.pathParam(parameter);
    try {
      UUID uuid = UUID.fromString(id);
      if (uuid.toString().equalsIgnoreCase(id)) {
        return uuid;
      }
    } catch (IllegalArgumentException e) {
      // answered below like any unknown id
    }
    throw new ConduitException(ErrorCode.NOT_FOUND, notFoundDetail);
  }
}
