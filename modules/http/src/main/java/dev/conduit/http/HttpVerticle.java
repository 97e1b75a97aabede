package dev.conduit.http;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ConnectorAlarm;
import dev.conduit.core.bus.NotifyClient;
import dev.conduit.core.bus.RefreshClient;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.bus.VendAffinity;
import dev.conduit.core.config.RedirectAllowList;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.ApiKeyFeed;
import dev.conduit.http.auth.ApiKeyVerifier;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.http.auth.DeletedKeys;
import dev.conduit.http.auth.KeyUsage;
import dev.conduit.http.auth.TokenVerifier;
import dev.conduit.store.ApiKeyRepository;
import dev.conduit.proxy.Proxy;
import dev.conduit.proxy.ProxyMetrics;
import dev.conduit.store.AuditRepository;
import dev.conduit.store.AuditWriter;
import dev.conduit.store.CeilingLeases;
import dev.conduit.store.ConnectSessionRepository;
import dev.conduit.store.ConnectionRepository;
import dev.conduit.store.Database;
import dev.conduit.store.EventFeedRepository;
import dev.conduit.store.WebhookRepository;
import dev.conduit.store.PgPools;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.openapi.contract.Operation;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The only thing that speaks HTTP to clients: validates requests against the OpenAPI contract and renders
 * JSON:API. Deployed with several instances; each builds its own router on its own event loop.
 */
public final class HttpVerticle extends VerticleBase {

  /** Binds an operation of the contract to its handler, behind validation and the query-parameter check. */
  @FunctionalInterface
  private interface Routes {
    void add(String operationId, Handler<RoutingContext> handler);
  }

  /** The proxy's operations in the contract, one per method. */
  private static final List<String> PROXY_OPERATIONS = List.of("proxyGet", "proxyPost", "proxyPut", "proxyPatch",
      "proxyDelete");

  /** JSON:API request bodies are small; anything larger is refused before it is parsed. */
  static final int BODY_LIMIT_BYTES = 64 * 1024;

  private final HttpDependencies deps;
  /** This instance's audit entries, written in batches on this instance's event loop. */
  private AuditWriter auditWriter;
  /** Wakes this instance's long polls and streams of events. */
  private EventSignal eventSignal;
  private final OpenEventRequests openEventRequests = new OpenEventRequests();
  /** This instance's API keys' last uses, written in batches. */
  private KeyUsage keyUsage;
  /** Drops deleted API keys from this instance's cache of verified keys. */
  private ApiKeyFeed apiKeyFeed;

  public HttpVerticle(HttpDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    Database database = PgPools.shared(vertx, deps.database(), deps.poolSize());
    auditWriter = new AuditWriter(vertx, new AuditRepository(database), deps.metrics(),
        deps.audit().enabled());
    auditWriter.start();
    eventSignal = new EventSignal(vertx, deps.database());
    eventSignal.start();
    ApiKeyRepository apiKeys = new ApiKeyRepository(database);
    keyUsage = new KeyUsage(vertx, apiKeys, deps.metrics());
    keyUsage.start();
    DeletedKeys deletedKeys = DeletedKeys.shared(vertx);
    ApiKeyVerifier keyVerifier = new ApiKeyVerifier(apiKeys, keyUsage, deletedKeys, Clock.systemUTC());
    apiKeyFeed = new ApiKeyFeed(vertx, deps.database(), keyVerifier);
    apiKeyFeed.start();
    WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(5_000));
    SlowClientGuard guard = new SlowClientGuard(vertx, deps.http(), deps.connections());
    guard.start();
    return TokenVerifier.create(vertx, deps.auth(), client)
        .compose(verifier -> vertx.createHttpServer(new HttpServerOptions()
                .setHost(deps.http().host())
                .setPort(deps.http().port())
                // HTTP/1.1 only: with cleartext HTTP/2 on, Vert.x creates a connection only once the first request
                // head is parsed (it may ask for an h2c upgrade), so a client trickling its head would be neither
                // timed nor counted; HTTP/2 clients fall back to HTTP/1.1 by ignoring the upgrade
                .setHttp2ClearTextEnabled(false)
                .setIdleTimeout(Math.toIntExact(deps.http().idleTimeout().toMillis()))
                .setIdleTimeoutUnit(TimeUnit.MILLISECONDS))
            .connectionHandler(guard::connected)
            .invalidRequestHandler(UndecodableRequests::answer)
            .requestHandler(router(deps.contract(), database, new BearerAuthentication(verifier, keyVerifier),
                deletedKeys, guard))
            .listen())
        .onSuccess(deps.drain()::serving);
  }

  private Router router(OpenAPIContract contract, Database database, BearerAuthentication authentication,
      DeletedKeys deletedKeys, SlowClientGuard guard) {
    // runs on this instance's event loop: its vends go to the vault instance there, if any
    VaultClient vault = new VaultClient(vertx.eventBus(), VendAffinity.vendAddress(vertx));
    RefreshClient refresh = new RefreshClient(vertx.eventBus(), deps.refresh());
    VendFlow vendFlow = new VendFlow(vault, refresh);
    AuditTrail audit = new AuditTrail(auditWriter);
    ConnectionRepository connectionRows = new ConnectionRepository(database);
    ProxyHandlers proxy = new ProxyHandlers(new Proxy(vertx, deps.proxy(), deps.catalog(),
        (owner, id, forced, requestId) -> vendFlow.vend(new VaultRequest.Vend(owner, id,
            forced ? VaultRequest.Vend.Mode.FORCED : VaultRequest.Vend.Mode.WHEN_DUE, requestId)),
        (owner, id) -> connectionRows.find(owner, id).map(found -> found
            .map(connection -> connection.metadata().strings()).orElse(Map.of())),
        new CeilingLeases(database), providerClient(), new ProxyMetrics(deps.metrics())), audit);
    // every method of the proxy needs the same scope (credentials:vend), whatever the provider path
    OperationPipeline proxyPipeline = new OperationPipeline(authentication,
        RouteScopes.required("GET", "/api/connections/{id}/proxy/{path}"), List.of(), proxy::forward);
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
        // first, so every request (a 404 too) starts its body deadline and, once answered, the next head's
        .rootHandler(guard)
        .rootHandler(deps.drain().closingConnectionsWhileDraining())
        .rootHandler(new RequestIds())
        // proxy calls stream their bodies: they never go through the body handler and its limit
        .rootHandler(ProxyHandlers.pauseBody(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES),
            proxyPipeline));
    // the builder's own security and validation are off: each route gets one OperationPipeline, which runs
    // authentication (when the contract secures the operation), the body's syntax, the contract's rules and the
    // query's names, then the endpoint
    builder.getRoutes().forEach(route -> route.setDoSecurity(false).setDoValidation(false));
    JsonBodyGuard bodyGuard = new JsonBodyGuard();
    ContractValidator validator = new ContractValidator(contract);
    Routes routes = (operationId, handler) -> {
      Operation operation = contract.operation(operationId);
      List<RequestCheck> checks = new ArrayList<>(List.of(bodyGuard));
      // the vend is the hot path: its one input, the id, is checked by its handler (a non-UUID is a 404); the
      // contract's parameter transformer parses every UUID as JSON first and throws, a quarter of a vend's cost
      if (!operationId.equals("vend")) {
        checks.add(validator.forOperation(operationId));
      }
      checks.add(new QueryParameterGuard(operation));
      boolean secured = !operation.getSecurityRequirements().isEmpty();
      builder.getRoute(operationId).addHandler(new OperationPipeline(secured ? authentication : null,
          secured ? RouteScopes.required(operation.getHttpMethod().name(), operation.getOpenAPIPath()) : null,
          checks, handler));
    };

    CatalogHandlers catalog = new CatalogHandlers(deps.catalog(), deps.clients());
    vertx.eventBus().<ConnectorAlarm>consumer(Addresses.CONNECTOR_ALARM, message -> catalog.alarm(message.body()));
    routes.add("listConnectors", catalog::list);
    routes.add("getConnector", catalog::get);

    ConnectSessionRepository sessionRows = new ConnectSessionRepository(database);
    RedirectAllowList redirects = deps.oauth().allowList();
    ConnectionHandlers connections = new ConnectionHandlers(connectionRows, vault, vendFlow,
        deps.catalog(), new CredentialParser(Clock.systemUTC()), deps.clients(), deps.limits().connectionsPerOwner(),
        audit);
    routes.add("createConnection", connections::create);
    routes.add("listConnections", connections::list);
    routes.add("getConnection", connections::get);
    routes.add("updateConnection", connections::update);
    routes.add("depositCredential", connections::deposit);
    routes.add("vend", connections::vend);
    routes.add("revokeConnection", connections::revoke);

    AuthorizationStart authorizationStart = new AuthorizationStart(connectionRows, vault, deps.catalog(),
        deps.clients(), redirects, deps.http().baseUrl(), Clock.systemUTC());
    HostedPage hostedPage = new HostedPage(deps.connect().frameAncestors());
    AuthorizationHandlers authorization = new AuthorizationHandlers(authorizationStart, refresh, sessionRows,
        deps.catalog(), hostedPage);
    routes.add("authorizeConnection", authorization::authorize);
    // the provider's redirect: no JWT (the state identifies the flow), and whatever extra parameters the provider
    // adds are its own business, so neither the contract's query check nor JSON error pages apply
    builder.getRoute("oauthCallback").addHandler(new OperationPipeline(List.of(), authorization::callback));
    routes.add("deleteConnection", connections::delete);

    ConnectSessionHandlers.Settings sessionSettings = new ConnectSessionHandlers.Settings(deps.http().baseUrl(),
        deps.connect().sessionTtl(), redirects, deps.limits().pendingConnectSessionsPerOwner());
    ConnectSessionHandlers connectSessions = new ConnectSessionHandlers(sessionRows, connectionRows, deps.catalog(),
        deps.clients(), sessionSettings, Clock.systemUTC(), audit);
    routes.add("createConnectSession", connectSessions::create);
    // pages: no JSON body and no bearer token, only the query's names are checked
    ConnectPageHandlers connectPage = new ConnectPageHandlers(sessionRows, connectionRows, vault, deps.catalog(),
        authorizationStart, hostedPage, deps.http().baseUrl(), deps.limits().connectionsPerOwner(), audit);
    builder.getRoute("connectPage").addHandler(new OperationPipeline(
        List.of(new QueryParameterGuard(contract.operation("connectPage"))), connectPage::page));
    builder.getRoute("connectCredential").addHandler(new OperationPipeline(
        List.of(new QueryParameterGuard(contract.operation("connectCredential"))), connectPage::credential));
    builder.getRoute("connectAuthorize").addHandler(new OperationPipeline(
        List.of(new QueryParameterGuard(contract.operation("connectAuthorize"))), connectPage::authorize));

    WebhookHandlers webhooks = new WebhookHandlers(new WebhookRepository(database), vault,
        new NotifyClient(vertx.eventBus()), audit);
    routes.add("createWebhook", webhooks::create);
    routes.add("listWebhooks", webhooks::list);
    routes.add("getWebhook", webhooks::get);
    routes.add("updateWebhook", webhooks::update);
    routes.add("deleteWebhook", webhooks::delete);
    routes.add("rotateWebhookSecret", webhooks::rotateSecret);
    routes.add("testWebhook", webhooks::test);
    routes.add("listDeliveries", webhooks::deliveries);
    routes.add("redeliver", webhooks::redeliver);

    routes.add("listAuditEvents", new AuditHandlers(new AuditRepository(database))::list);

    EventHandlers events = new EventHandlers(new EventFeedRepository(database), eventSignal, deps.streams(),
        openEventRequests, deps.events(), deps.http().idleTimeout());
    routes.add("listEvents", events::list);
    routes.add("streamEvents", events::stream);
    ApiKeyHandlers apiKeyHandlers = new ApiKeyHandlers(new ApiKeyRepository(database), deletedKeys,
        deps.limits().apiKeysPerOwner(), Clock.systemUTC(), audit);
    routes.add("createApiKey", apiKeyHandlers::create);
    routes.add("listApiKeys", apiKeyHandlers::list);
    routes.add("getApiKey", apiKeyHandlers::get);
    routes.add("deleteApiKey", apiKeyHandlers::delete);

    OperationsHandlers operations = new OperationsHandlers(vertx, database, deps.schemaVersion(), deps.metrics(),
        deps.openApi(), deps.drain());
    routes.add("healthLive", operations.live());
    routes.add("healthReady", operations.ready());
    routes.add("metrics", operations::metrics);
    routes.add("openapi", operations::openApi);
    routes.add("home", HomePage::handle);

    // the contract's single-segment route, and every deeper provider path
    for (String operationId : PROXY_OPERATIONS) {
      builder.getRoute(operationId).addHandler(proxyPipeline);
    }

    Router router = builder.createRouter();
    for (HttpMethod method : ProxyHandlers.PROXIED_METHODS) {
      router.route(method, "/api/connections/:id/proxy/*").handler(proxyPipeline);
    }
    router.route().failureHandler(new Failures());
    router.errorHandler(404, Failures.forStatus(ErrorCode.NOT_FOUND, "no such resource"));
    router.errorHandler(405, new MethodNotAllowed(contract));
    return router;
  }

  /**
   * The client of every provider API this instance proxies to: Vert.x pools connections per origin (scheme, host,
   * port), each pool bounded by proxy.pool-size with a bounded queue; redirects are never followed.
   */
  private HttpClient providerClient() {
    return vertx.createHttpClient(new HttpClientOptions()
            .setConnectTimeout(Math.toIntExact(deps.proxy().connectTimeout().toMillis()))
            .setKeepAlive(true)
            .setDecompressionSupported(false),
        new PoolOptions().setHttp1MaxSize(deps.proxy().poolSize()).setMaxWaitQueueSize(deps.proxy().poolSize() * 20));
  }

  @Override
  public Future<?> stop() {
    // held requests end first: a stream would otherwise keep the stop waiting until its grace ran out
    openEventRequests.endAll();
    Future<Void> signalClosed = eventSignal == null ? Future.succeededFuture() : eventSignal.close();
    // what this instance recorded reaches the database before it is gone
    Future<Void> keys = keyUsage == null ? Future.succeededFuture()
        : Future.join(keyUsage.close(), apiKeyFeed.close()).mapEmpty();
    Future<Void> audit = auditWriter == null ? Future.succeededFuture() : auditWriter.close();
    return Future.join(signalClosed, keys, audit);
  }
}
