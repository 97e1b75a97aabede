package dev.conduit.http;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.connect.ConnectSession;
import dev.conduit.core.connect.ConnectSessionState;
import dev.conduit.core.connect.StoredConnectSession;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.crypto.Digests;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.ConnectSessionRepository;
import dev.conduit.store.ConnectionRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hosted connect page: {@code GET /connect/{token}} lists the session's connectors and shows one connector's
 * form or sign-in button; {@code POST /connect/{token}/credential} seals what the end user typed through the vault,
 * exactly as a deposit does, and spends the session; {@code POST /connect/{token}/authorize} starts an OAuth
 * connector's authorization-code flow. Answers are HTML pages, errors included. Form values are never logged,
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
  private final AuthorizationStart start;
  private final HostedPage page;
  private final boolean secureCookies;
  private final int connectionsPerOwner;
  private final AuditTrail audit;

  ConnectPageHandlers(ConnectSessionRepository sessions, ConnectionRepository connections, VaultClient vault,
      Catalog catalog, AuthorizationStart start, HostedPage page, String publicUrl, int connectionsPerOwner,
      AuditTrail audit) {
    this.sessions = sessions;
    this.connections = connections;
    this.vault = vault;
    this.catalog = catalog;
    this.start = start;
    this.page = page;
    this.secureCookies = publicUrl.startsWith("https:");
    this.connectionsPerOwner = connectionsPerOwner;
    this.audit = audit;
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
        oauthPage(ctx, session.get(), path, connector.get(), offered.size() == 1);
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
   * An OAuth connector's button. Its form is redirected on to the provider's sign-in, so the page admits that
   * origin in {@code form-action}; a provider whose sign-in host depends on the account (a tenant placeholder) needs
   * the connection's metadata to know it.
   */
  private void oauthPage(RoutingContext ctx, ConnectSession session, String path, Connector connector,
      boolean single) {
    metadataOf(session).onComplete(metadata -> {
      if (metadata.failed()) {
        failed(ctx, metadata.cause());
        return;
      }
      String endpoint;
      try {
        endpoint = AuthorizationStart.authorizeEndpoint(connector, metadata.result());
      } catch (ConduitException e) {
        needsTenant(ctx, session, connector);
        return;
      }
      send(ctx, 200, session, ConnectPageHtml.oauth(path, connector, ConnectCsrf.issue(ctx, secureCookies), single),
          endpoint);
    });
  }

  /** The metadata the connection will have: the reconnected connection's, or what the session gives a new one. */
  private Future<ConnectionMetadata> metadataOf(ConnectSession session) {
    if (session.connectionId() == null) {
      return Future.succeededFuture(session.metadata());
    }
    return connections.find(session.owner(), session.connectionId()).map(found -> found.orElseThrow(
        () -> new ConduitException(ErrorCode.NOT_FOUND, "the session's connection is gone")).metadata());
  }

  /**
   * {@code POST /connect/{token}/authorize}: starts the authorization-code flow for the chosen OAuth connector, into
   * the reconnect session's connection or a pending one the session creates (once per connector), and sends the
   * browser to the provider with {@code 303}. The session is spent by the callback, once the connection is active.
   */
  void authorize(RoutingContext ctx) {
    onFormPost(ctx, (token, session) -> {
      String chosen = ctx.request().getFormAttribute("connector");
      Optional<Connector> connector = offered(session).stream()
          .filter(c -> c.id().equals(chosen) && c.isOAuth()).findFirst();
      if (connector.isEmpty()) {
        noSuchService(ctx, session);
        return;
      }
      connectionOf(token, session, connector.get())
          .compose(id -> start.start(session.owner(), id, new AuthorizationStart.Options(null, session.redirectAfter()),
              session.id(), RequestIds.of(ctx)))
          .onComplete(started -> {
            if (started.failed()) {
              startFailed(ctx, session, connector.get(), started.cause());
            } else {
              page.redirect(ctx, 303, started.result().authorizeUrl());
            }
          });
    });
  }

  private void startFailed(RoutingContext ctx, ConnectSession session, Connector connector, Throwable e) {
    ErrorCode code = e instanceof ConduitException conduit ? conduit.code() : null;
    if (code == ErrorCode.CONNECTOR_NOT_CONFIGURED) {
      send(ctx, 422, session, ConnectPageHtml.problem("Cannot connect " + connector.name() + " here",
          connector.name() + " is not set up on this Conduit, so nothing was changed. Ask the app's operator."));
    } else if (code == ErrorCode.VALIDATION_FAILED) {
      needsTenant(ctx, session, connector);
    } else {
      failed(ctx, e);
    }
  }

  /** The connector's sign-in URL names the account's own host, and the session's metadata does not give it. */
  private void needsTenant(RoutingContext ctx, ConnectSession session, Connector connector) {
    send(ctx, 400, session, ConnectPageHtml.problem("Cannot connect " + connector.name() + " yet",
        "Conduit needs to know your " + connector.name() + " account's address, and this link does not say."
            + ASK_AGAIN));
  }

  /** Where the session connects {@code connector}: its reconnected connection, or one it creates. */
  private Future<UUID> connectionOf(String token, ConnectSession session, Connector connector) {
    return session.connectionId() != null ? Future.succeededFuture(session.connectionId())
        : sessions.connectionFor(Digests.sha256(token), session, connector.id(), connectionsPerOwner);
  }

  void credential(RoutingContext ctx) {
    onFormPost(ctx, (token, session) -> submit(ctx, token, session));
  }

  /** A form post of the page: its CSRF token checked, then the link's pending session, or a page saying why not. */
  private void onFormPost(RoutingContext ctx, BiConsumer<String, ConnectSession> then) {
    String token = ctx.pathParam("token");
    if (!ConnectCsrf.verify(ctx)) {
      expiredForm(ctx);
      return;
    }
    pending(token).onComplete(found -> {
      if (found.failed()) {
        failed(ctx, found.cause());
      } else {
        then.accept(token, found.result());
      }
    });
  }

  private void expiredForm(RoutingContext ctx) {
    send(ctx, 403, null, ConnectPageHtml.problem("This form has expired",
        "The form could not be verified, so nothing was saved. Open the link again and resubmit."));
  }

  private void noSuchService(RoutingContext ctx, ConnectSession session) {
    send(ctx, 400, session, ConnectPageHtml.problem("No such service",
        "This link does not offer that service. Open the link again and choose one from the list."));
  }

  private void submit(RoutingContext ctx, String token, ConnectSession session) {
    String path = "/connect/" + token;
    List<Connector> offered = offered(session);
    String chosen = ctx.request().getFormAttribute("connector");
    Optional<Connector> connector = offered.stream().filter(c -> c.id().equals(chosen) && !c.isOAuth()).findFirst();
    if (connector.isEmpty()) {
      noSuchService(ctx, session);
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
      return connectionOf(token, session, connector.get())
          .compose(id -> vault.deposit(new VaultRequest.Deposit(session.owner(), id, credential, RequestIds.of(ctx))))
          .recover(e -> sessions.unspend(hash).transform(ignored -> Future.<Connection>failedFuture(e)));
    }).onComplete(done -> {
      if (done.failed()) {
        failed(ctx, done.cause());
        return;
      }
      Connection connection = done.result();
      audit.recordSystem(session.owner(), AuditAction.CREDENTIAL_DEPOSIT, connection.id(), RequestIds.of(ctx));
      LOG.atInfo().setMessage("connected through a connect session").addKeyValue("requestId", RequestIds.of(ctx))
          .addKeyValue("owner", session.owner()).addKeyValue("connectionId", connection.id())
          .addKeyValue("connector", connection.connector()).log();
      if (session.redirectAfter() != null) {
        String separator = URI.create(session.redirectAfter()).getRawQuery() == null ? "?" : "&";
        page.redirect(ctx, 302, session.redirectAfter() + separator + "connection=" + connection.id()
            + "&status=active", session.redirectAfter());
      } else {
        send(ctx, 200, session, ConnectPageHtml.connected(connector.get(), connection.label()));
      }
    });
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

  /** A page whose forms may also be redirected to the session's {@code redirectAfter} and {@code formTarget}. */
  private void send(RoutingContext ctx, int status, ConnectSession session, String html, String formTarget) {
    page.send(ctx, status, html, session == null ? null : session.redirectAfter(), formTarget);
  }

  private void send(RoutingContext ctx, int status, ConnectSession session, String html) {
    send(ctx, status, session, html, null);
  }
}
