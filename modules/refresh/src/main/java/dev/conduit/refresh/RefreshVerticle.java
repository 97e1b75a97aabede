package dev.conduit.refresh;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.AuthorizationCallback;
import dev.conduit.core.bus.BusReplies;
import dev.conduit.core.bus.ConnectionEvent;
import dev.conduit.core.bus.ComponentStatus;
import dev.conduit.core.bus.ProviderRevocation;
import dev.conduit.core.bus.RefreshRequest;
import dev.conduit.core.bus.VaultRefreshClient;
import dev.conduit.store.AuditRepository;
import dev.conduit.store.AuditWriter;
import dev.conduit.store.CeilingLeases;
import dev.conduit.store.ClusterCeilings;
import dev.conduit.store.Database;
import dev.conduit.store.PeriodicPurge;
import dev.conduit.store.PgPools;
import dev.conduit.store.RefreshRepository;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only code that calls providers' token endpoints: refresh on read for the HTTP vend flow, the periodic
 * sweep, the code exchange that ends an OAuth connect flow (and the cleanup of expired flows and connect sessions),
 * and best-effort revocation. Deployed once per process — its single flight is in-process, claims in the database
 * cover other replicas.
 *
 * <p>Consumes: {@link Addresses#REFRESH_STATUS}, {@link Addresses#REFRESH_CONNECTION},
 * {@link Addresses#REFRESH_AUTHORIZATION_CODE}, {@link Addresses#REFRESH_REVOKE}, {@link Addresses#PROCESS_STOPPING}
 * (the sweep stops). Consumes {@link Addresses#CONNECTION_REAUTHORIZED} for the audit trail.
 * Publishes: {@link Addresses#CONNECTION_NEEDS_REAUTH}, {@link Addresses#CONNECTOR_ALARM}.
 */
public final class RefreshVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(RefreshVerticle.class);
  static final String COMPONENT = "refresh";
  private static final int MAX_CONNECTIONS_PER_PROVIDER = 64;

  private static final int AUDIT_RETENTION_BATCH = 1_000;

  private final RefreshDependencies deps;
  private RefreshSweep sweep;
  private ConnectHousekeeping housekeeping;
  private RefreshCoordinator coordinator;
  private RefreshRepository repository;
  private AuditWriter audit;
  /** Deletes audit entries older than {@code audit.retention}; replicas may run it at the same time. */
  private PeriodicPurge auditRetention;

  public RefreshVerticle(RefreshDependencies deps) {
    this.deps = deps;
  }

  @Override
  public Future<?> start() {
    WebClient client = WebClient.create(vertx, new WebClientOptions()
            .setFollowRedirects(false)
            .setConnectTimeout((int) Math.min(deps.config().timeout().toMillis(), 5_000))
            .setUserAgent("Conduit"),
        // a sweep refreshes hundreds of credentials at once; Vert.x's default of 5 connections per host would
        // queue them behind each other (the rate limiter, not the pool, is what protects the provider)
        new PoolOptions().setHttp1MaxSize(MAX_CONNECTIONS_PER_PROVIDER));
    Database database = PgPools.shared(vertx, deps.database(), deps.poolSize());
    repository = new RefreshRepository(database);
    housekeeping = new ConnectHousekeeping(vertx, database);
    AuditRepository auditRows = new AuditRepository(database);
    audit = new AuditWriter(vertx, auditRows, deps.metrics(), deps.audit().enabled());
    Duration kept = deps.audit().retention();
    auditRetention = new PeriodicPurge(vertx, LOG, "audit retention", "audit retention deleted old audit entries",
        PeriodicPurge.turnFor(kept), AUDIT_RETENTION_BATCH, limit -> auditRows.purge(kept, limit));
    RefreshMetrics metrics = new RefreshMetrics(deps.metrics());
    ProviderRevoker revoker = new ProviderRevoker(client, deps.catalog(), deps.clients());
    VaultRefreshClient vault = new VaultRefreshClient(vertx.eventBus());
    TokenExchanger exchanger = new TokenExchanger(client, deps.config().timeout());
    ClusterCeilings ceilings = new ClusterCeilings(vertx, new CeilingLeases(database));
    ConnectorRateLimiters limiters = new ConnectorRateLimiters(vertx, ceilings, deps.catalog(),
        deps.config().rateLimits(), deps.config().maxThrottleWait());
    AuthorizationCodeFlow authorization = new AuthorizationCodeFlow(vault, exchanger, limiters, repository,
        deps.catalog(), deps.clients(), deps.config(), Clock.systemUTC(), audit);
    coordinator = new RefreshCoordinator(vertx, repository, vault, exchanger, limiters,
        new ConnectorAlarms(vertx.eventBus(), deps.metrics()), revoker, metrics, deps.catalog(), deps.clients(),
        deps.config(), deps.node(), Clock.systemUTC(), audit);
    sweep = new RefreshSweep(vertx, repository, coordinator, metrics, deps.config(), deps.node());
    return Future.all(
            vertx.eventBus().consumer(Addresses.REFRESH_STATUS,
                message -> message.reply(ComponentStatus.ready(COMPONENT))).completion(),
            vertx.eventBus().<RefreshRequest>consumer(Addresses.REFRESH_CONNECTION,
                message -> coordinator.onRead(message.body()).onComplete(BusReplies.to(message))).completion(),
            vertx.eventBus().<AuthorizationCallback>consumer(Addresses.REFRESH_AUTHORIZATION_CODE,
                message -> authorization.complete(message.body()).onComplete(BusReplies.to(message))).completion(),
            vertx.eventBus().<ProviderRevocation>consumer(Addresses.REFRESH_REVOKE,
                message -> revoker.revoke(message.body())).completion(),
            // refresh on read goes on while the HTTP requests in flight need it; only the periodic work stops here
            vertx.eventBus().consumer(Addresses.PROCESS_STOPPING, message -> {
              housekeeping.stop();
              auditRetention.stop();
              sweep.stop();
            }).completion(),
            // the vault turns a needs_reauth connection active when a new credential arrives (deposit or connect
            // flow) and says so here, once per process; the deposit's own entry names who brought the credential
            vertx.eventBus().<ConnectionEvent>consumer(Addresses.CONNECTION_REAUTHORIZED,
                message -> audit.record(new AuditEntry(message.body().owner(), message.body().occurredAt(),
                    AuditAction.REAUTHORIZE, message.body().connectionId(), AuditEntry.OK, AuditEntry.SYSTEM, null,
                    null, null, null))).completion())
        .onSuccess(v -> {
          sweep.start();
          housekeeping.start();
          audit.start();
          auditRetention.start();
        });
  }

  /**
   * Claims nothing new, lets the sweep and the refreshes in flight finish, then gives back any claim still held
   * (one whose refresh ended unexpectedly), so other replicas need not wait for the lease to run out.
   */
  @Override
  public Future<?> stop() {
    if (sweep == null) {
      return Future.succeededFuture();
    }
    housekeeping.stop();
    if (auditRetention != null) {
      auditRetention.stop();
    }
    return sweep.stop()
        .compose(v -> coordinator.idle())
        .compose(v -> repository.releaseAll(deps.node()))
        .onSuccess(released -> {
          if (released > 0) {
            LOG.atInfo().setMessage("gave back refresh claims on stopping").addKeyValue("claims", released).log();
          }
        })
        .onFailure(e -> LOG.atWarn().setMessage("could not give back refresh claims on stopping; they lapse after"
            + " refresh.lease").addKeyValue("error", e.toString()).log())
        .otherwiseEmpty()
        // after the refreshes in flight, so that their entries are in the last flush
        .eventually(() -> audit == null ? Future.succeededFuture() : audit.close());
  }
}
