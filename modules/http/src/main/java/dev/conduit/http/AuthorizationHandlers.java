package dev.conduit.http;

import dev.conduit.core.bus.AuthorizationCallback;
import dev.conduit.core.bus.AuthorizationResult;
import dev.conduit.core.bus.RefreshClient;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.crypto.Digests;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.store.ConnectSessionRepository;
import io.vertx.core.Future;
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
  private final ConnectSessionRepository sessions;
  private final Catalog catalog;
  private final HostedPage page;

  AuthorizationHandlers(AuthorizationStart start, RefreshClient refresh, ConnectSessionRepository sessions,
      Catalog catalog, HostedPage page) {
    this.start = start;
    this.refresh = refresh;
    this.sessions = sessions;
    this.catalog = catalog;
    this.page = page;
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
      problem(ctx, 400, "This link cannot be used",
          "The sign-in answer is incomplete. Go back to the app and start connecting again.");
      return;
    }
    refresh.completeAuthorization(new AuthorizationCallback(Digests.sha256(state), code, error,
            ctx.queryParams().get("iss"), start.redirectUri(), RequestIds.of(ctx)))
        .compose(result -> spendSession(ctx, result))
        .onSuccess(result -> answer(ctx, result))
        .onFailure(failure -> {
          LOG.atError().setMessage("authorization callback failed").addKeyValue("requestId", RequestIds.of(ctx))
              .addKeyValue("failure", failure.getClass().getSimpleName()).log();
          problem(ctx, 503, "Something went wrong",
              "Conduit could not finish connecting the account. Go back to the app and try again in a moment.");
        });
  }

  /**
   * Spends the connect session whose page started a flow that ended connected: only now, so that after
   * {@code access_denied} its link still works. The connection is active either way, so a failure here is logged,
   * not shown: the session stays pending until it expires.
   */
  private Future<AuthorizationResult> spendSession(RoutingContext ctx, AuthorizationResult result) {
    if (result.outcome() != AuthorizationResult.Outcome.CONNECTED || result.connectSessionId() == null) {
      return Future.succeededFuture(result);
    }
    return sessions.spend(result.connectSessionId()).transform(spent -> {
      if (spent.failed()) {
        LOG.atWarn().setMessage("connected, but the connect session could not be marked spent")
            .addKeyValue("requestId", RequestIds.of(ctx)).addKeyValue("connectionId", result.connectionId())
            .addKeyValue("failure", spent.cause().getClass().getSimpleName()).log();
      }
      return Future.succeededFuture(result);
    });
  }

  private void answer(RoutingContext ctx, AuthorizationResult result) {
    if (result.redirectAfter() != null) {
      page.redirect(ctx, 302, withQuery(result.redirectAfter(), result.connectionId(), result.outcome()
          == AuthorizationResult.Outcome.CONNECTED ? List.of("status", "active") : List.of("error", result.error())));
      return;
    }
    String service = catalog.find(result.connector() == null ? "" : result.connector()).map(Connector::name)
        .orElse("the provider");
    switch (result.outcome()) {
      case CONNECTED -> page.send(ctx, 200, ConnectPageHtml.page("Connected", "Your " + service
          + " account is connected. You can close this page and go back to the app."));
      case UNKNOWN_STATE -> problem(ctx, 400, "This link has expired",
          "This sign-in link is unknown, has expired (after 10 minutes) or was already used."
              + " Go back to the app and start connecting again.");
      case PROVIDER_ERROR -> problem(ctx, 400, "The account was not connected",
          service + " did not grant access (" + result.error() + "). Nothing was changed."
              + " Go back to the app to try again.");
      case ISSUER_MISMATCH -> problem(ctx, 400, "The account was not connected",
          "The answer did not come from " + service + "'s sign-in server. Nothing was changed."
              + " Go back to the app and start connecting again.");
      case EXCHANGE_FAILED -> problem(ctx, 400, "The account was not connected",
          service + " did not confirm the sign-in. Nothing was changed. Go back to the app and try again.");
      case NOT_CONFIGURED -> problem(ctx, 400, "The account was not connected",
          "This connector is not set up on this Conduit any more. Ask the app's operator.");
      case CONNECTION_GONE -> problem(ctx, 400, "The account was not connected",
          "The connection was removed while you were signing in. Go back to the app and start again.");
    }
  }

  private void problem(RoutingContext ctx, int status, String title, String message) {
    page.send(ctx, status, ConnectPageHtml.problem(title, message));
  }

  /** {@code redirectAfter} with {@code connection=<id>} and one more parameter added to its query. */
  static String withQuery(String redirectAfter, UUID connectionId, List<String> parameter) {
    int fragment = redirectAfter.indexOf('#');
    String base = fragment < 0 ? redirectAfter : redirectAfter.substring(0, fragment);
    return base + (base.contains("?") ? "&" : "?") + "connection=" + connectionId + "&" + parameter.get(0) + "="
        + URLEncoder.encode(parameter.get(1), StandardCharsets.UTF_8);
  }
}
