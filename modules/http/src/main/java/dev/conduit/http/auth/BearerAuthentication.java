package dev.conduit.http.auth;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.RequestIds;
import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Authenticates a request to an operation the contract marks as secured — the first handler of its route, so
 * before its body or parameters are looked at (an unauthenticated caller learns nothing about the API). The
 * owner goes into the context; a failure is a 401 whose reason (a {@link TokenRefusal}, never any part of the
 * token) the caller reads in the challenge and the JSON detail, as API.md says, and the log records.
 */
public final class BearerAuthentication {

  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthentication.class);
  private static final String OWNER_KEY = "conduit.owner";
  private static final String SCHEME = "bearer ";

  private final TokenVerifier verifier;

  public BearerAuthentication(TokenVerifier verifier) {
    this.verifier = verifier;
  }

  /** The authenticated owner of the request being handled. */
  public static String owner(RoutingContext ctx) {
    return ctx.get(OWNER_KEY);
  }

  /** The request's owner, also kept in the context; fails with a 401 whose reason was logged. */
  public Future<String> authenticate(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      return Future.failedFuture(refuse(ctx, TokenRefusal.MISSING));
    }
    String token = bearerToken(authorization);
    if (token == null) {
      return Future.failedFuture(refuse(ctx, TokenRefusal.NOT_BEARER));
    }
    return verifier.ownerOf(token).transform(result -> {
      if (result.succeeded()) {
        ctx.put(OWNER_KEY, result.result());
        return Future.succeededFuture(result.result());
      }
      Throwable e = result.cause();
      return Future.failedFuture(refuse(ctx,
          e instanceof AuthenticationFailure failure ? failure.refusal() : TokenRefusal.SIGNATURE));
    });
  }

  private static String bearerToken(String authorization) {
    if (authorization.length() <= SCHEME.length()
        || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
      return null;
    }
    String token = authorization.substring(SCHEME.length()).strip();
    return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
  }

  private static ConduitException refuse(RoutingContext ctx, TokenRefusal refusal) {
    LOG.atInfo().setMessage("authentication refused").addKeyValue("requestId", RequestIds.of(ctx))
        .addKeyValue("reason", refusal.reason()).log();
    return new ConduitException(ErrorCode.UNAUTHORIZED, refusal.reason());
  }
}
