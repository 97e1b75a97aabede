package dev.conduit.http;

import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.http.auth.TokenVerifier;
import dev.conduit.store.ConnectionRepository;
import dev.conduit.store.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.sqlclient.Pool;
import java.time.Clock;

/**
 * The only thing that speaks HTTP to clients: validates requests against the OpenAPI contract and renders
 * JSON:API. Deployed with several instances; each builds its own router on its own event loop.
 */
public final class HttpVerticle extends VerticleBase {

  /** JSON:API request bodies are small; anything larger is refused before it is parsed. */
  static final int BODY_LIMIT_BYTES = 64 * 1024;

  private final HttpDependencies deps;

  public HttpVerticle(HttpDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    Pool pool = PgPools.shared(vertx, deps.database(), deps.poolSize());
    WebClient client = WebClient.create(vertx, new WebClientOptions().setFollowRedirects(false).setConnectTimeout(5_000));
    return TokenVerifier.create(vertx, deps.auth(), client)
        .compose(verifier -> vertx.createHttpServer(new HttpServerOptions()
                .setHost(deps.http().host())
                .setPort(deps.http().port()))
            .requestHandler(router(deps.contract(), pool, verifier))
            .listen());
  }

  private Router router(OpenAPIContract contract, Pool pool, TokenVerifier verifier) {
    RouterBuilder builder = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler())
        .rootHandler(new RequestIds())
        .rootHandler(BodyHandler.create(false).setBodyLimit(BODY_LIMIT_BYTES))
        .rootHandler(new BearerAuthentication(contract, verifier))
        .rootHandler(new JsonBodyGuard());
    // authentication is the root handler above, driven by the contract's security requirements
    builder.getRoutes().forEach(route -> route.setDoSecurity(false));

    QueryParameterGuard queryGuard = new QueryParameterGuard();
    CatalogHandlers catalog = new CatalogHandlers(deps.catalog(), deps.clients());
    builder.getRoute("listConnectors").addHandler(queryGuard).addHandler(catalog::list);
    builder.getRoute("getConnector").addHandler(queryGuard).addHandler(catalog::get);

    ConnectionHandlers connections = new ConnectionHandlers(new ConnectionRepository(pool),
        new VaultClient(vertx.eventBus()), deps.catalog(), new CredentialParser(Clock.systemUTC()));
    builder.getRoute("createConnection").addHandler(queryGuard).addHandler(connections::create);
    builder.getRoute("listConnections").addHandler(queryGuard).addHandler(connections::list);
    builder.getRoute("getConnection").addHandler(queryGuard).addHandler(connections::get);
    builder.getRoute("depositCredential").addHandler(queryGuard).addHandler(connections::deposit);
    builder.getRoute("revokeConnection").addHandler(queryGuard).addHandler(connections::revoke);
    builder.getRoute("deleteConnection").addHandler(queryGuard).addHandler(connections::delete);
    // the hot path: its only input is the id, which the handler checks itself, so it skips the contract
    // validator (a hop to a worker thread per request)
    builder.getRoute("vend").setDoValidation(false).addHandler(queryGuard).addHandler(connections::vend);

    OperationsHandlers operations = new OperationsHandlers(vertx, pool, deps.schemaVersion(), deps.metrics(),
        deps.openApi());
    builder.getRoute("healthLive").addHandler(operations.live());
    builder.getRoute("healthReady").addHandler(operations.ready());
    builder.getRoute("metrics").addHandler(operations::metrics);
    builder.getRoute("openapi").addHandler(operations::openApi);

    Router router = builder.createRouter();
    router.route().failureHandler(new Failures());
    router.errorHandler(404, Failures.forStatus(ErrorCode.NOT_FOUND, "no such resource"));
    router.errorHandler(405, Failures.forStatus(ErrorCode.METHOD_NOT_ALLOWED, "this method is not allowed here"));
    return router;
  }
}
