package dev.conduit.http;

import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.connect.ConnectSession;
import dev.conduit.core.connect.ConnectSessionState;
import dev.conduit.core.connect.StoredConnectSession;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.crypto.Digests;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.ConnectSessionRepository;
import dev.conduit.store.ConnectionRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted connect page: {@code GET /connect/{token}} lists the session's connectors and shows one connector's
 * form; {@code POST /connect/{token}/credential} seals what the end user typed through the vault, exactly as a
 * deposit does, and spends the session. Answers are HTML pages, errors included. Form values are never logged,
 * echoed or put in a URL.
 */
final class ConnectPageHandlers {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectPageHandlers.class);
  private static final int MAX_VALUE_CHARS = 16_384;
  private static final String ASK_AGAIN = " Ask the app that sent you here for a new link.";

  private final ConnectSessionRepository sessions;
  private final ConnectionRepository connections;
  private final VaultClient vault;
  private final Catalog catalog;
  private final String frameAncestors;
  private final boolean secureCookies;
  private final int connectionsPerOwner;

  ConnectPageHandlers(ConnectSessionRepository sessions, ConnectionRepository connections, VaultClient vault,
      Catalog catalog, String frameAncestors, String publicUrl, int connectionsPerOwner) {
    this.sessions = sessions;
    this.connections = connections;
    this.vault = vault;
    this.catalog = catalog;
    this.frameAncestors = frameAncestors;
    this.secureCookies = publicUrl.startsWith("https:");
    this.connectionsPerOwner = connectionsPerOwner;
  }

  void page(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    pending(token).onComplete(found -> {
      if (found.failed()) {
        failed(ctx, found.cause());
        return;
      }
      Optional<ConnectSession> session = Optional.of(found.result());
      List<Connector> offered = offered(session.get());
      String path = "/connect/" + token;
      String chosen = ctx.queryParams().get("connector");
      Optional<Connector> connector = chosen != null ? offered.stream().filter(c -> c.id().equals(chosen)).findFirst()
          : offered.size() == 1 ? Optional.of(offered.get(0)) : Optional.empty();
      if (chosen != null && connector.isEmpty()) {
        send(ctx, 404, session.get(), ConnectPageHtml.problem("No such service",
            "This link does not offer that service. Go back and choose one from the list."));
      } else if (connector.isPresent() && connector.get().isOAuth()) {
        startOAuth(ctx, session.get(), path, connector.get());
      } else if (connector.isPresent()) {
        send(ctx, 200, session.get(), ConnectPageHtml.form(path, connector.get(), ConnectCsrf.issue(ctx, secureCookies),
            null, offered.size() == 1));
      } else {
        send(ctx, 200, session.get(), ConnectPageHtml.list(path, offered, filter(offered, ctx.queryParams().get("q")),
            ctx.queryParams().get("q")));
      }
    });
  }

  /**
   * Where an OAuth connector's button leads. The authorization-code flow is not joined to the page yet: this is the
   * one place that starts it once it is.
   */
  private void startOAuth(RoutingContext ctx, ConnectSession session, String path, Connector connector) {
    send(ctx, 200, session, ConnectPageHtml.oauthNotAvailable(path, connector));
  }

  void credential(RoutingContext ctx) {
    String token = ctx.pathParam("token");
    if (!ConnectCsrf.verify(ctx)) {
      send(ctx, 403, null, ConnectPageHtml.problem("This form has expired",
          "The form could not be verified, so nothing was saved. Open the link again and resubmit."));
      return;
    }
    pending(token).onComplete(found -> {
      if (found.failed()) {
        failed(ctx, found.cause());
      } else {
        submit(ctx, token, found.result());
      }
    });
  }

  private void submit(RoutingContext ctx, String token, ConnectSession session) {
    String path = "/connect/" + token;
    List<Connector> offered = offered(session);
    String chosen = ctx.request().getFormAttribute("connector");
    Optional<Connector> connector = offered.stream().filter(c -> c.id().equals(chosen) && !c.isOAuth()).findFirst();
    if (connector.isEmpty()) {
      send(ctx, 400, session, ConnectPageHtml.problem("No such service",
          "This link does not offer that service. Open the link again and choose one from the list."));
      return;
    }
    CredentialInput credential;
    try {
      credential = credentialOf(ctx, connector.get());
    } catch (IllegalArgumentException e) {
      send(ctx, 400, session, ConnectPageHtml.form(path, connector.get(), ConnectCsrf.issue(ctx, secureCookies),
          e.getMessage(), offered.size() == 1));
      return;
    }
    byte[] hash = Digests.sha256(token);
    sessions.spend(hash).compose(claimed -> {
      if (!claimed) {
        return Future.failedFuture(new StaleLink(ConnectSessionState.SPENT));
      }
      return connect(ctx, session, connector.get(), credential)
          .recover(e -> sessions.unspend(hash).transform(ignored -> Future.<Connection>failedFuture(e)));
    }).onComplete(done -> {
      if (done.failed()) {
        failed(ctx, done.cause());
        return;
      }
      Connection connection = done.result();
      LOG.atInfo().setMessage("connected through a connect session").addKeyValue("requestId", RequestIds.of(ctx))
          .addKeyValue("owner", session.owner()).addKeyValue("connectionId", connection.id())
          .addKeyValue("connector", connection.connector()).log();
      if (session.redirectAfter() != null) {
        String separator = URI.create(session.redirectAfter()).getRawQuery() == null ? "?" : "&";
        headers(ctx, session).setStatusCode(302).putHeader(HttpHeaders.LOCATION, session.redirectAfter() + separator
            + "connection=" + connection.id() + "&status=active").end();
      } else {
        send(ctx, 200, session, ConnectPageHtml.connected(connector.get(), connection.label()));
      }
    });
  }

  /** The deposit of PUT /api/connections/{id}/credential, into the session's connection or a new one. */
  private Future<Connection> connect(RoutingContext ctx, ConnectSession session, Connector connector,
      CredentialInput credential) {
    Future<UUID> target = session.connectionId() != null ? Future.succeededFuture(session.connectionId())
        : connections.create(session.owner(), connector.id(), session.label(), session.metadata(), connectionsPerOwner)
            .map(Connection::id);
    return target.compose(id -> vault.deposit(new VaultRequest.Deposit(session.owner(), id, credential,
        RequestIds.of(ctx))));
  }

  /** The session of {@code token} when it is pending; a {@link StaleLink} otherwise. */
  private Future<ConnectSession> pending(String token) {
    return sessions.find(Digests.sha256(token)).compose(found -> found.isPresent()
        && found.get().state() == ConnectSessionState.PENDING
        ? Future.succeededFuture(found.get().session())
        : Future.failedFuture(new StaleLink(found.map(StoredConnectSession::state).orElse(null))));
  }

  /** A link that does not (or no longer) work: unknown, expired or spent. */
  private static final class StaleLink extends RuntimeException {
    private final ConnectSessionState state;

    StaleLink(ConnectSessionState state) {
      super(null, null, false, false);
      this.state = state;
    }
  }

  private void failed(RoutingContext ctx, Throwable e) {
    if (e instanceof StaleLink stale) {
      stale(ctx, stale.state);
      return;
    }
    ErrorCode code = e instanceof ConduitException conduit ? conduit.code()
        : e instanceof ReplyException reply ? ErrorCode.fromFailureCode(reply.failureCode()) : ErrorCode.INTERNAL_ERROR;
    switch (code) {
      case NOT_FOUND -> stale(ctx, null);
      case REVOKED -> send(ctx, 410, null, ConnectPageHtml.problem("This connection was revoked",
          "The account this link would reconnect was disconnected for good." + ASK_AGAIN));
      case LIMIT_REACHED -> send(ctx, 422, null, ConnectPageHtml.problem("Cannot connect another account",
          "This app has reached its limit of connected accounts, so nothing was saved." + ASK_AGAIN));
      case SERVICE_UNAVAILABLE -> send(ctx, 503, null, ConnectPageHtml.problem("Try again in a moment",
          "Conduit could not save this just now, so nothing was saved. Open the link again in a moment."));
      default -> {
        LOG.atError().setMessage("connect page failed").addKeyValue("requestId", RequestIds.of(ctx))
            .addKeyValue("error", code.code()).log();
        send(ctx, 500, null, ConnectPageHtml.problem("Something went wrong",
            "Nothing was saved. Open the link again; if this keeps happening, quote request "
                + RequestIds.of(ctx) + "."));
      }
    }
  }

  private void stale(RoutingContext ctx, ConnectSessionState state) {
    if (state == null) {
      send(ctx, 404, null, ConnectPageHtml.problem("This link does not work",
          "There is no connect session behind this link." + ASK_AGAIN));
    } else if (state == ConnectSessionState.EXPIRED) {
      send(ctx, 410, null, ConnectPageHtml.problem("This link has expired",
          "Links to connect an account work for a limited time." + ASK_AGAIN));
    } else {
      send(ctx, 410, null, ConnectPageHtml.problem("This link has been used",
          "An account was already connected with this link." + ASK_AGAIN));
    }
  }

  private CredentialInput credentialOf(RoutingContext ctx, Connector connector) {
    if (connector.authType() == AuthType.BASIC) {
      return new CredentialInput.Basic(value(ctx, "username", "a username", true),
          value(ctx, "password", "a password", true));
    }
    return new CredentialInput.ApiKey(value(ctx, "apiKey", "an API key", true),
        value(ctx, "apiSecret", "an API secret", false));
  }

  /** A form value, or the reason it cannot be taken (which never quotes it). */
  private static String value(RoutingContext ctx, String name, String what, boolean required) {
    String value = ctx.request().getFormAttribute(name);
    if (value == null || value.isEmpty()) {
      if (required) {
        throw new IllegalArgumentException("Enter " + what + ".");
      }
      return null;
    }
    if (value.length() > MAX_VALUE_CHARS || value.chars().anyMatch(c -> c == 0)) {
      throw new IllegalArgumentException("That is not " + what + " this service would give: check what you pasted.");
    }
    return value;
  }

  private List<Connector> offered(ConnectSession session) {
    return session.connectors().stream().map(catalog::find).flatMap(Optional::stream).toList();
  }

  private static List<Connector> filter(List<Connector> offered, String query) {
    if (query == null || query.isBlank()) {
      return offered;
    }
    String needle = query.trim().toLowerCase(Locale.ROOT);
    return offered.stream().filter(c -> c.id().contains(needle) || c.name().toLowerCase(Locale.ROOT).contains(needle))
        .toList();
  }

  private void send(RoutingContext ctx, int status, ConnectSession session, String html) {
    headers(ctx, session).setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .end(html);
  }

  /** The headers of every page: never cached, never leaking the link, no script, framed only where allowed. */
  private io.vertx.core.http.HttpServerResponse headers(RoutingContext ctx, ConnectSession session) {
    // a browser follows the redirect after a form post only to an origin form-action admits
    String formAction = session == null || session.redirectAfter() == null ? "'self'"
        : "'self' " + origin(session.redirectAfter());
    return ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src " + ConnectPageHtml.STYLE_HASH
            + "; form-action " + formAction + "; base-uri 'none'; frame-ancestors " + frameAncestors)
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  private static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
