package dev.conduit.refresh;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import dev.conduit.core.bus.AuthorizationCallback;
import dev.conduit.core.bus.AuthorizationResult;
import dev.conduit.core.bus.AuthorizationResult.Outcome;
import dev.conduit.core.bus.FlowClaim;
import dev.conduit.core.bus.Traced;
import dev.conduit.core.bus.VaultRefreshClient;
import dev.conduit.core.bus.VaultRefreshRequest;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientCredentials;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.config.RefreshConfig;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.AuditWriter;
import dev.conduit.store.RefreshRepository;
import io.vertx.core.Future;
import io.vertx.core.eventbus.ReplyException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Ends an OAuth authorization-code flow: the vault consumes the state (once) and opens the PKCE verifier, the
 * provider's token endpoint gets the code through the same {@link TokenExchanger} and client authentication as a
 * refresh, and the vault seals the tokens through the deposit path, which activates the connection. Every outcome
 * is an {@link AuthorizationResult}; nothing the provider sends reaches a log line or the result except a
 * well-formed error code.
 */
final class AuthorizationCodeFlow {

  private static final Logger LOG = LoggerFactory.getLogger(AuthorizationCodeFlow.class);
  /** RFC 6749 §4.1.2.1 error codes are plain ASCII words; anything else is not repeated back. */
  private static final Pattern ERROR_CODE = Pattern.compile("[a-z0-9_]{1,64}");

  private final VaultRefreshClient vault;
  private final TokenExchanger exchanger;
  private final ConnectorRateLimiters limiters;
  private final RefreshRepository repository;
  private final Catalog catalog;
  private final ClientRegistry clients;
  private final RefreshConfig config;
  private final Clock clock;
  private final AuditWriter audit;

  AuthorizationCodeFlow(VaultRefreshClient vault, TokenExchanger exchanger, ConnectorRateLimiters limiters,
      RefreshRepository repository, Catalog catalog, ClientRegistry clients, RefreshConfig config, Clock clock,
      AuditWriter audit) {
    this.vault = vault;
    this.exchanger = exchanger;
    this.limiters = limiters;
    this.repository = repository;
    this.catalog = catalog;
    this.clients = clients;
    this.config = config;
    this.clock = clock;
    this.audit = audit;
  }

  Future<AuthorizationResult> complete(AuthorizationCallback callback) {
    return vault.claimFlow(new VaultRefreshRequest.ClaimFlow(callback.stateHash(), callback.requestId()))
        .transform(claimed -> {
          if (claimed.failed()) {
            return notFound(claimed.cause()) ? Future.succeededFuture(AuthorizationResult.unknownState())
                : Future.failedFuture(claimed.cause());
          }
          return withFlow(callback, claimed.result());
        });
  }

  private Future<AuthorizationResult> withFlow(AuthorizationCallback callback, FlowClaim flow) {
    if (callback.error() != null || callback.code() == null) {
      String error = callback.error() != null && ERROR_CODE.matcher(callback.error()).matches()
          ? callback.error() : "provider_error";
      return ended(callback, AuthorizationResult.failed(Outcome.PROVIDER_ERROR, flow, error));
    }
    Optional<Connector> connector = catalog.find(flow.connector()).filter(Connector::isOAuth);
    Optional<ClientCredentials> client = clients.find(flow.connector());
    if (connector.isEmpty() || client.isEmpty() || !clients.isConfigured(connector.get())) {
      return ended(callback, AuthorizationResult.failed(Outcome.NOT_CONFIGURED, flow, "connector_not_configured"));
    }
    if (callback.issuer() != null && !sameAuthorizationServer(callback.issuer(), connector.get())) {
      return ended(callback, AuthorizationResult.failed(Outcome.ISSUER_MISMATCH, flow, "issuer_mismatch"));
    }
    return urlParameters(flow, connector.get())
        .compose(parameters -> limiters.acquire(connector.get().id(), () -> { })
            .compose(permitted -> permitted
                ? exchanger.exchangeCode(connector.get(), client.get(), callback.code(), callback.redirectUri(),
                    connector.get().oauth().pkce() ? flow.pkceVerifier() : null, parameters)
                : Future.succeededFuture(new ExchangeOutcome.Transient("the connector's rate limit allowed no call",
                    null, false))))
        .compose(outcome -> outcome instanceof ExchangeOutcome.Success success
            ? store(callback, flow, success.tokens())
            : ended(callback, AuthorizationResult.failed(Outcome.EXCHANGE_FAILED, flow, "exchange_failed"),
                reason(outcome)));
  }

  private Future<AuthorizationResult> store(AuthorizationCallback callback, FlowClaim flow, TokenResponse tokens) {
    Instant expiresAt = clock.instant()
        .plus(tokens.expiresIn() != null ? tokens.expiresIn() : config.defaultTokenLifetime());
    CredentialInput.OAuthTokens credential = new CredentialInput.OAuthTokens(tokens.accessToken(),
        tokens.refreshToken(), expiresAt, tokens.scopes() != null ? tokens.scopes() : flow.scopes(),
        tokens.tokenType());
    return vault.deposit(new VaultRequest.Deposit(flow.owner(), flow.connectionId(), credential, callback.requestId()))
        .transform(deposited -> {
          if (deposited.succeeded()) {
            // completed in a browser: no caller's token, so Conduit is the actor
            audit.record(AuditEntry.of(flow.owner(), AuditAction.CREDENTIAL_DEPOSIT, flow.connectionId(),
                AuditEntry.OK, AuditEntry.SYSTEM, callback.requestId()));
            return ended(callback, AuthorizationResult.connected(flow));
          }
          ErrorCode code = deposited.cause() instanceof ReplyException reply
              ? ErrorCode.fromFailureCode(reply.failureCode()) : ErrorCode.INTERNAL_ERROR;
          return code == ErrorCode.REVOKED || code == ErrorCode.NOT_FOUND
              ? ended(callback, AuthorizationResult.failed(Outcome.CONNECTION_GONE, flow, "connection_revoked"))
              : Future.failedFuture(deposited.cause());
        });
  }

  /**
   * RFC 9207: the catalog names no issuer identifier, so the authorization server is known by where its
   * authorization endpoint lives: {@code iss} must be on the same origin, and the endpoint's path must lie under
   * the issuer's path. A response sent by another server (a mix-up attack) fails this.
   */
  static boolean sameAuthorizationServer(String issuer, Connector connector) {
    try {
      URI iss = new URI(issuer);
      URI authorize = new URI(connector.oauth().authorizeUrl());
      if (iss.getScheme() == null || iss.getHost() == null || iss.getRawQuery() != null
          || iss.getRawFragment() != null || !iss.getScheme().equalsIgnoreCase(authorize.getScheme())
          || !iss.getHost().equalsIgnoreCase(authorize.getHost()) || port(iss) != port(authorize)) {
        return false;
      }
      String issuerPath = iss.getRawPath() == null ? "" : iss.getRawPath().replaceAll("/+$", "");
      String authorizePath = authorize.getRawPath() == null ? "" : authorize.getRawPath();
      return issuerPath.isEmpty() || authorizePath.equals(issuerPath) || authorizePath.startsWith(issuerPath + "/");
    } catch (Exception e) {
      return false;
    }
  }

  private static int port(URI uri) {
    return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  private Future<Map<String, String>> urlParameters(FlowClaim flow, Connector connector) {
    return connector.oauth().tokenUrl().contains("{")
        ? repository.urlParameters(flow.owner(), flow.connectionId())
        : Future.succeededFuture(Map.of());
  }

  private static String reason(ExchangeOutcome outcome) {
    if (outcome instanceof ExchangeOutcome.Transient failed) {
      return failed.reason();
    }
    if (outcome instanceof ExchangeOutcome.DeadRefreshToken dead) {
      return "the provider refused the code (" + dead.errorCode() + ")";
    }
    if (outcome instanceof ExchangeOutcome.ClientRejected rejected) {
      return "the provider refused our OAuth client (" + rejected.errorCode() + ")";
    }
    return "tokens received";
  }

  private static Future<AuthorizationResult> ended(AuthorizationCallback callback, AuthorizationResult result) {
    return ended(callback, result, null);
  }

  private static Future<AuthorizationResult> ended(AuthorizationCallback callback, AuthorizationResult result,
      String reason) {
    LoggingEventBuilder line = Traced.tag(result.outcome() == Outcome.CONNECTED ? LOG.atInfo() : LOG.atWarn(),
            callback.requestId())
        .setMessage("authorization callback").addKeyValue("connectionId", result.connectionId())
        .addKeyValue("outcome", result.outcome().name().toLowerCase(Locale.ROOT));
    if (reason != null) {
      line = line.addKeyValue("reason", reason);
    }
    line.log();
    return Future.succeededFuture(result);
  }

  private static boolean notFound(Throwable failure) {
    return failure instanceof ReplyException reply
        && ErrorCode.fromFailureCode(reply.failureCode()) == ErrorCode.NOT_FOUND;
  }
}
