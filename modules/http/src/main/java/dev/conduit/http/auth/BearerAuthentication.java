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
 * before its body or parameters are looked at (an unauthenticated caller learns nothing about the API). The bearer
 * token is a JWT or a platform API key ({@code cdk_…}); the {@link Caller} goes into the context; a failure is a
 * 401 whose reason (a {@link TokenRefusal}, never any part of the token) the caller reads in the challenge and the
 * JSON detail, as API.md says, and the log records.
 */
public final class BearerAuthentication {

  private static final Logger LOG = LoggerFactory.getLogger(BearerAuthentication.class);
  private static final String CALLER_KEY = "conduit.caller";
  private static final String SCHEME = "bearer ";

  private final TokenVerifier verifier;
  private final ApiKeyVerifier keys;

  public BearerAuthentication(TokenVerifier verifier, ApiKeyVerifier keys) {
    this.verifier = verifier;
    this.keys = keys;
  }

  /** The authenticated owner of the request being handled. */
  public static String owner(RoutingContext ctx) {
    Caller caller = caller(ctx);
    return caller == null ? null : caller.owner();
  }

  /** Who made the request being handled (null before authentication). */
  public static Caller caller(RoutingContext ctx) {
    return ctx.get(CALLER_KEY);
  }

  /**
   * The request's caller, also kept in the context; fails with a 401 whose reason was logged, or, when a key could
   * not be looked up, with the database's failure (a 503: the key may well be good).
   */
  public Future<Caller> authenticate(RoutingContext ctx) {
    String authorization = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (authorization == null) {
      return Future.failedFuture(refuse(ctx, TokenRefusal.MISSING));
    }
    String token = bearerToken(authorization);
    if (token == null) {
      return Future.failedFuture(refuse(ctx, TokenRefusal.NOT_BEARER));
    }
    boolean apiKey = PlatformKeys.claimsToBeKey(token);
    Future<Caller> caller = apiKey ? keys.callerOf(token) : verifier.ownerOf(token).map(Caller::withJwt);
    return caller.transform(result -> {
      if (result.succeeded()) {
        ctx.put(CALLER_KEY, result.result());
        return Future.succeededFuture(result.result());
      }
      Throwable e = result.cause();
      if (e instanceof AuthenticationFailure failure) {
        return Future.failedFuture(refuse(ctx, failure.refusal()));
      }
      return apiKey ? Future.failedFuture(e) : Future.failedFuture(refuse(ctx, TokenRefusal.SIGNATURE));
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
