package dev.conduit.http;

import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientCredentials;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.OAuthSettings;
import dev.conduit.core.catalog.UrlTemplate;
import dev.conduit.core.config.RedirectAllowList;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.crypto.Digests;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.store.ConnectionRepository;
import io.vertx.core.Future;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Starts an OAuth authorization-code flow for one of an owner's connections and builds the URL the browser is
 * sent to: the one place that does, for {@code POST /api/connections/{id}/authorize} and for the hosted connect
 * page. The state (256 random bits) is returned once and stored only as its SHA-256; the PKCE verifier is made and
 * sealed by the vault, which answers with its S256 challenge.
 */
public final class AuthorizationStart {

  /** How long the user has at the provider before the state is refused. */
  public static final Duration FLOW_TTL = Duration.ofMinutes(10);
  static final String CALLBACK_PATH = "/oauth/callback";

  /**
   * What the caller may choose.
   *
   * @param scopes        null for the connector's default scopes
   * @param redirectAfter null to end on Conduit's own page; otherwise an origin of {@code oauth.redirect-allow-list}
   */
  public record Options(List<String> scopes, String redirectAfter) {

    public static final Options DEFAULTS = new Options(null, null);
  }

  /** A started flow: the state (shown once), where to send the browser, and until when the state is good. */
  public record Authorization(String state, String authorizeUrl, Instant expiresAt) {

    @Override
    public String toString() {
      return "Authorization[state=(hidden), expiresAt=" + expiresAt + "]";
    }
  }

  private final ConnectionRepository connections;
  private final VaultClient vault;
  private final Catalog catalog;
  private final ClientRegistry clients;
  private final RedirectAllowList redirects;
  private final String redirectUri;
  private final Clock clock;

  /**
   * @param clients   without secrets: only the client id goes into the URL
   * @param publicUrl {@code http.public-url} without a trailing slash
   */
  public AuthorizationStart(ConnectionRepository connections, VaultClient vault, Catalog catalog,
      ClientRegistry clients, RedirectAllowList redirects, String publicUrl, Clock clock) {
    this.connections = connections;
    this.vault = vault;
    this.catalog = catalog;
    this.clients = clients;
    this.redirects = redirects;
    this.redirectUri = publicUrl + CALLBACK_PATH;
    this.clock = clock;
  }

  /** The {@code redirect_uri} operators register at each provider. */
  public String redirectUri() {
    return redirectUri;
  }

  /**
   * Starts a flow for {@code connectionId} of {@code owner}.
   *
   * @return fails with a {@link ConduitException}: {@code redirect_not_allowed} (pointer
   *     {@code /data/attributes/redirectAfter}) for a redirect outside the allow list, {@code not_found},
   *     {@code revoked}, {@code not_oauth}, {@code connector_not_configured}
   */
  public Future<Authorization> start(String owner, UUID connectionId, Options options, String requestId) {
    return start(owner, connectionId, options, null, requestId);
  }

  /**
   * As {@link #start(String, UUID, Options, String)}, for the hosted connect page: the flow remembers
   * {@code connectSessionId}, so that the callback spends that session once the connection is active.
   */
  Future<Authorization> start(String owner, UUID connectionId, Options options, UUID connectSessionId,
      String requestId) {
    Optional<ConduitException> refused = redirects.refusal(options.redirectAfter(), "/data/attributes/redirectAfter");
    if (refused.isPresent()) {
      return Future.failedFuture(refused.get());
    }
    return connections.find(owner, connectionId).compose(found -> {
      Connection connection = found.orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND,
          "no connection with this id"));
      if (connection.status() == ConnectionStatus.REVOKED) {
        throw new ConduitException(ErrorCode.REVOKED, "this connection is revoked; create a new one");
      }
      Connector connector = catalog.find(connection.connector()).orElseThrow(() -> new ConduitException(
          ErrorCode.UNKNOWN_CONNECTOR, "connector '" + connection.connector() + "' is no longer in the catalog"));
      if (!connector.isOAuth()) {
        throw new ConduitException(ErrorCode.NOT_OAUTH, "connector '" + connector.id() + "' takes "
            + connector.authType().wireName() + " credentials: deposit them with PUT /api/connections/{id}/credential");
      }
      ClientCredentials client = clients.find(connector.id()).filter(c -> clients.isConfigured(connector))
          .orElseThrow(() -> new ConduitException(ErrorCode.CONNECTOR_NOT_CONFIGURED,
              ClientRegistry.missingClientDetail(connector.id())));
      String authorizeEndpoint = authorizeEndpoint(connector, connection);
      List<String> scopes = options.scopes() != null ? options.scopes() : connector.oauth().defaultScopes();
      String state = Digests.newToken();
      Instant expiresAt = clock.instant().plus(FLOW_TTL);
      return vault.startFlow(new VaultRequest.StartFlow(owner, connectionId, Digests.sha256(state),
              options.redirectAfter(), scopes, expiresAt, connectSessionId, requestId))
          .map(started -> new Authorization(state, url(authorizeEndpoint, connector.oauth(), client.clientId(), scopes,
              state, started.codeChallenge()), expiresAt));
    });
  }

  private static String authorizeEndpoint(Connector connector, Connection connection) {
    return authorizeEndpoint(connector, connection.metadata());
  }

  /**
   * The connector's authorization endpoint for a connection with {@code metadata} (its URL may name a tenant's
   * host).
   *
   * @throws ConduitException VALIDATION_FAILED when the metadata lacks a value the URL needs
   */
  static String authorizeEndpoint(Connector connector, ConnectionMetadata metadata) {
    try {
      return UrlTemplate.fill(connector.oauth().authorizeUrl(), metadata.strings());
    } catch (IllegalArgumentException e) {
      throw new ConduitException(ErrorCode.VALIDATION_FAILED, e.getMessage());
    }
  }

  /** RFC 6749 §4.1.1, with the connector's own parameters first so that ours cannot be overridden by them. */
  private String url(String endpoint, OAuthSettings oauth, String clientId, List<String> scopes, String state,
      String codeChallenge) {
    Map<String, String> query = new LinkedHashMap<>(oauth.authorizeParams());
    query.put("response_type", "code");
    query.put("client_id", clientId);
    query.put("redirect_uri", redirectUri);
    if (!scopes.isEmpty()) {
      query.put("scope", String.join(oauth.scopeSeparator(), scopes));
    }
    query.put("state", state);
    if (oauth.pkce()) {
      query.put("code_challenge", codeChallenge);
      query.put("code_challenge_method", "S256");
    }
    StringBuilder url = new StringBuilder(endpoint).append(endpoint.contains("?") ? '&' : '?');
    query.forEach((name, value) -> url.append(encode(name)).append('=').append(encode(value)).append('&'));
    url.setLength(url.length() - 1);
    return url.toString();
  }

  private static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
