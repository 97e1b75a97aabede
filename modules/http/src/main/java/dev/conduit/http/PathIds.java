package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.ext.web.RoutingContext;
import java.util.UUID;

/**
 * Ids in paths: anything that is not a canonical UUID — too long, holding control characters or other Unicode,
 * or not decodable at all — is answered like an id that does not exist (404, same detail), as API.md promises.
 */
final class PathIds {

  private PathIds() {
  }

  static UUID uuid(RoutingContext ctx, String parameter, String notFoundDetail) {
    return uuid(ctx.pathParam(parameter), notFoundDetail);
  }

  /** {@code id} as read from a path segment (decoded), or null. */
  static UUID uuid(String id, String notFoundDetail) {
    if (id == null || id.length() != 36) {
      throw new ConduitException(ErrorCode.NOT_FOUND, notFoundDetail);
    }
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
