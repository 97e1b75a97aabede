package dev.conduit.http;

import dev.conduit.core.bus.AuthorizationCallback;
import dev.conduit.core.bus.AuthorizationResult;
import dev.conduit.core.bus.RefreshClient;
import dev.conduit.core.crypto.Digests;
import dev.conduit.http.auth.BearerAuthentication;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/connections/{id}/authorize} (JSON:API) and {@code GET /oauth/callback} (HTML or a redirect).
 * The callback runs no authentication: the state identifies the flow. Its query is never logged, and nothing it
 * carries but a well-formed error code goes back out.
 */
final class AuthorizationHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationHandlers.class);

  private final AuthorizationStart start;
  private final RefreshClient refresh;

  AuthorizationHandlers(AuthorizationStart start, RefreshClient refresh) {
    this.start = start;
    this.refresh = refresh;
  }

  void authorize(RoutingContext ctx) {
    AuthorizationStart.Options options = options(ctx);
    start.start(BearerAuthentication.owner(ctx), PathIds.uuid(ctx, "id", "no connection with this id"), options,
            RequestIds.of(ctx))
        .compose(flow -> {
          ctx.response().putHeader("Cache-Control", "no-store");
          return JsonApi.sendData(ctx, 200, new JsonObject().put("type", "authorizations").put("id", flow.state())
              .put("attributes", new JsonObject().put("authorizeUrl", flow.authorizeUrl())
                  .put("expiresAt", Timestamps.format(flow.expiresAt()))));
        })
        .onFailure(ctx::fail);
  }

  private static AuthorizationStart.Options options(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    if (body == null) {
      return AuthorizationStart.Options.DEFAULTS;
    }
    JsonObject attributes = JsonApi.attributesOf(body, "authorizations");
    JsonArray scopes = attributes.getJsonArray("scopes");
    return new AuthorizationStart.Options(
        scopes == null ? null : scopes.stream().map(String.class::cast).toList(),
        attributes.getString("redirectAfter"));
  }

  void callback(RoutingContext ctx) {
    String state = ctx.queryParams().get("state");
    String code = ctx.queryParams().get("code");
    String error = ctx.queryParams().get("error");
    if (state == null || state.isEmpty() || state.length() > 512 || (code == null && error == null)) {
      CallbackPage.send(ctx, 400, "This link cannot be used",
          "The sign-in answer is incomplete. Go back to the app and start connecting again.");
      return;
    }
    refresh.completeAuthorization(new AuthorizationCallback(Digests.sha256(state), code, error,
            ctx.queryParams().get("iss"), start.redirectUri(), RequestIds.of(ctx)))
        .onSuccess(result -> answer(ctx, result))
        .onFailure(failure -> {
          LOG.atError().setMessage("authorization callback failed").addKeyValue("requestId", RequestIds.of(ctx))
              .addKeyValue("failure", failure.getClass().getSimpleName()).log();
          CallbackPage.send(ctx, 503, "Something went wrong",
              "Conduit could not finish connecting the account. Go back to the app and try again in a moment.");
        });
  }

  private static void answer(RoutingContext ctx, AuthorizationResult result) {
    if (result.redirectAfter() != null) {
      CallbackPage.redirect(ctx, withQuery(result.redirectAfter(), result.connectionId(), result.outcome()
          == AuthorizationResult.Outcome.CONNECTED ? List.of("status", "active") : List.of("error", result.error())));
      return;
    }
    switch (result.outcome()) {
      case CONNECTED -> CallbackPage.send(ctx, 200, "Account connected",
          "The account is connected. You can close this window and go back to the app.");
      case UNKNOWN_STATE -> CallbackPage.send(ctx, 400, "This link has expired",
          "This sign-in link is unknown, has expired (after 10 minutes) or was already used."
              + " Go back to the app and start connecting again.");
      case PROVIDER_ERROR -> CallbackPage.send(ctx, 400, "The account was not connected",
          "The provider did not grant access (" + result.error() + "). Nothing was changed."
              + " Go back to the app to try again.");
      case ISSUER_MISMATCH -> CallbackPage.send(ctx, 400, "The account was not connected",
          "The answer did not come from this connector's sign-in server. Nothing was changed."
              + " Go back to the app and start connecting again.");
      case EXCHANGE_FAILED -> CallbackPage.send(ctx, 400, "The account was not connected",
          "The provider did not confirm the sign-in. Nothing was changed. Go back to the app and try again.");
      case NOT_CONFIGURED -> CallbackPage.send(ctx, 400, "The account was not connected",
          "This connector is not set up on this Conduit any more. Ask the app's operator.");
      case CONNECTION_GONE -> CallbackPage.send(ctx, 400, "The account was not connected",
          "The connection was removed while you were signing in. Go back to the app and start again.");
    }
  }

  /** {@code redirectAfter} with {@code connection=<id>} and one more parameter added to its query. */
  static String withQuery(String redirectAfter, UUID connectionId, List<String> parameter) {
    int fragment = redirectAfter.indexOf('#');
    String base = fragment < 0 ? redirectAfter : redirectAfter.substring(0, fragment);
    return base + (base.contains("?") ? "&" : "?") + "connection=" + connectionId + "&" + parameter.get(0) + "="
        + URLEncoder.encode(parameter.get(1), StandardCharsets.UTF_8);
  }
}
