package dev.conduit.app;

import com.google.crypto.tink.KeysetHandle;
import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.LocalRecordCodec;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.CatalogException;
import dev.conduit.core.catalog.CatalogLoader;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.config.AuthConfig;
import dev.conduit.core.config.ConduitConfig;
import dev.conduit.http.HttpDependencies;
import dev.conduit.http.OpenStreams;
import dev.conduit.http.HttpDrain;
import dev.conduit.http.HttpVerticle;
import dev.conduit.http.OpenApiDocument;
import dev.conduit.http.OpenConnections;
import dev.conduit.notify.NotifyDependencies;
import dev.conduit.notify.NotifyVerticle;
import dev.conduit.refresh.RefreshDependencies;
import dev.conduit.refresh.RefreshVerticle;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.DatabaseRoles;
import dev.conduit.store.Migrations;
import dev.conduit.store.RowSecurityCheck;
import dev.conduit.store.ReplicaHeartbeat;
import dev.conduit.vault.KeysetCheck;
import dev.conduit.vault.VaultDependencies;
import dev.conduit.vault.VaultKeys;
import dev.conduit.vault.VaultVerticle;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Conduit: database ready and migrated, catalog and keys loaded (the keys checked against what is
 * stored), this replica registered in the cluster, and the four verticles deployed.
 * Everything slow or fallible happens before the first verticle starts, so a bad setting stops start-up with
 * nothing half-running; {@link #close()} undoes whatever was started.
 */
public final class ConduitServer implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(ConduitServer.class);
  private static final long DEPLOY_TIMEOUT_SECONDS = 60;
  private static final long DEREGISTER_TIMEOUT_SECONDS = 10;

  private final Deployment deployment;
  private final HttpDrain drain = new HttpDrain();
  private Vertx vertx;
  /** The verticles deployed, the latest on top. */
  private final Deque<Deployed> deployed = new ConcurrentLinkedDeque<>();
  /** The deployment of this replica's cluster heartbeat, until it deregisters. */
  private final AtomicReference<String> heartbeat = new AtomicReference<>();
  /** This replica's name in the cluster and in refresh claims. */
  private final String node = nodeName();
  private DatabaseUrl database;
  private Catalog catalog;

  /** A deployment and what its undeploy waits for, named in the warning of a stop that runs out of time. */
  private record Deployed(String id, String stopping) {
  }

  private ConduitServer(Deployment deployment) {
    this.deployment = deployment;
  }

  /** Starts Conduit and returns once it serves HTTP; throws {@link StartupException} otherwise. */
  public static ConduitServer start(ConduitConfig config, Map<String, String> environment) {
    return start(config, environment, null);
  }

  /** @param configFile the --config file, named in the ready line's token command; may be null */
  static ConduitServer start(ConduitConfig config, Map<String, String> environment, Path configFile) {
    ConduitServer server = new ConduitServer(Deployment.of(config));
    try {
      server.startUp(config, environment, configFile);
      return server;
    } catch (RuntimeException e) {
      server.close();
      throw e;
    }
  }

  private void startUp(ConduitConfig config, Map<String, String> environment, Path configFile) {
    long started = System.nanoTime();
    deployment.requireServerSettings();
    KeysetHandle keyset = loadKeyset();
    AuthConfig auth = deployment.auth();
    catalog = loadCatalog(config);
    ClientRegistry clients = ClientRegistry.fromEnvironment(catalog, environment);
    OpenApiDocument openApi = OpenApiDocument.fromClasspath();
    database = deployment.openDatabase().withQueryTimeout(config.database().queryTimeout());
    if (deployment.isDevelopment()) {
      warnDevelopmentSetup(deployment);
    }
    String schemaVersion = migrate(database);
    requireRowSecurity(database);
    requireKeysetOpensStoredRows(keyset, database);

    PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    vertx = Vertx.builder()
        // one event loop per HTTP instance, each running that instance and a vault instance: a vend never leaves
        // its loop (VendAffinity); the heartbeat, refresh and notify verticles share the loops
        .with(new VertxOptions().setMetricsOptions(metricsOptions())
            .setEventLoopPoolSize(config.http().effectiveInstances()))
        .withMetrics(new MicrometerMetricsFactory(metrics))
        .build();
    LocalRecordCodec.register(vertx.eventBus());
    // registered first and deregistered last: the ceilings count this replica while any of its verticles runs
    await(vertx.deployVerticle(new ReplicaHeartbeat(database, config.database().poolSize(), node,
            config.cluster().heartbeatInterval())).onSuccess(heartbeat::set),
        "cannot start the cluster heartbeat");

    OpenAPIContract contract = await(openApi.contract(vertx), "the OpenAPI contract is invalid");
    HttpDependencies http = new HttpDependencies(config.http(), auth, database, config.database().poolSize(), catalog,
        clients.withoutSecrets(), config.refresh(), openApi, contract, schemaVersion, metrics,
        new OpenConnections(config.http().maxConnections()), config.limits(), config.oauth(), config.connect(),
        drain, config.audit(), config.events(), new OpenStreams(config.events().maxStreamsPerOwner()),
        config.proxy());
    DeploymentOptions perEventLoop = new DeploymentOptions().setInstances(config.http().effectiveInstances());
    VaultDependencies vault = new VaultDependencies(keyset, config.vault(), config.refresh(), database,
        config.database().poolSize(), metrics, config.limits(), config.webhooks().secretOverlap());
    await(vertx.deployVerticle(() -> new VaultVerticle(vault), perEventLoop).onSuccess(deployedAs("the vault"))
        .compose(id -> vertx.deployVerticle(new RefreshVerticle(new RefreshDependencies(catalog, clients,
            config.refresh(), database, config.database().poolSize(), metrics, node, config.audit())))
            .onSuccess(deployedAs("refreshes in flight")))
        .compose(id -> vertx.deployVerticle(new NotifyVerticle(new NotifyDependencies(config.webhooks(), database,
            config.database().poolSize(), metrics))).onSuccess(deployedAs("webhook deliveries in flight")))
        // HTTP last: by the time it accepts requests, everything it talks to is there
        .compose(id -> vertx.deployVerticle(() -> new HttpVerticle(http), perEventLoop)
            .onSuccess(deployedAs("HTTP requests in flight"))),
        "cannot start the HTTP server on " + config.http().host() + ":" + config.http().port());

    LOG.atInfo().setMessage(ReadyLine.text(config.http().baseUrl(), !isBlank(auth.hs256Secret()), configFile))
        .addKeyValue("connectors", catalog.size())
        .addKeyValue("database", database)
        .addKeyValue("schemaVersion", schemaVersion)
        .addKeyValue("replica", node)
        .addKeyValue("startupMs", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started))
        .log();
  }

  private Handler<String> deployedAs(String stopping) {
    return id -> deployed.push(new Deployed(id, stopping));
  }

  /** This process's name in refresh claims: host and a random suffix, so two replicas on one host differ. */
  private static String nodeName() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + "-" + UUID.randomUUID().toString().substring(0, 8);
  }

  /**
   * Vert.x's own meters: HTTP server, connection pools and JVM. Event-bus meters are off: they update several
   * counters and gauges per message, and every vend is two messages; Conduit counts its vends itself. HTTP-client
   * meters are off too: they are tagged by the remote host, which for the proxy is any tenant's host (unbounded
   * series), and each proxied call paid for the lookup of its tagged meters; Conduit's own meters count proxy calls,
   * refreshes and webhook deliveries.
   */
  private static MicrometerMetricsOptions metricsOptions() {
    return new MicrometerMetricsOptions()
        .setEnabled(true)
        .setJvmMetricsEnabled(true)
        .addDisabledMetricsCategory(MetricsDomain.EVENT_BUS)
        .addDisabledMetricsCategory(MetricsDomain.HTTP_CLIENT);
  }

  private KeysetHandle loadKeyset() {
    try {
      return VaultKeys.load(deployment.vaultKeyset());
    } catch (VaultKeys.InvalidKeysetException e) {
      throw new StartupException(e.getMessage());
    }
  }

  private static String migrate(DatabaseUrl database) {
    try {
      return Migrations.apply(database);
    } catch (Migrations.Refused e) {
      throw new StartupException(e.getMessage());
    }
  }

  /** Refuses to serve anyone while one wrong query could show an owner another owner's rows. */
  private static void requireRowSecurity(DatabaseUrl database) {
    Optional<String> problem;
    try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      problem = new RowSecurityCheck(jdbc, database.user()).problem();
    } catch (SQLException e) {
      throw new StartupException("cannot check row-level security in the database: " + e.getMessage());
    }
    problem.ifPresent(message -> {
      throw new StartupException(message);
    });
  }

  /**
   * Refuses a keyset that cannot open the stored rows, before anything could seal a new deposit under it (that
   * deposit would be lost once the right keyset came back).
   */
  private static void requireKeysetOpensStoredRows(KeysetHandle keyset, DatabaseUrl database) {
    Optional<String> problem;
    try (Connection jdbc = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password())) {
      // as the system role: row-level security is forced, and owning the tables shows no row by itself
      DatabaseRoles.takeSystemRole(jdbc);
      problem = new KeysetCheck(jdbc, keyset).problem();
    } catch (SQLException e) {
      throw new StartupException("cannot check the vault keyset against the database: " + e.getMessage());
    }
    problem.ifPresent(message -> {
      throw new StartupException(message);
    });
  }

  private static Catalog loadCatalog(ConduitConfig config) {
    String dir = config.connectors().dir();
    try {
      return CatalogLoader.load(dir == null || dir.isBlank() ? null : Path.of(dir));
    } catch (CatalogException e) {
      throw new StartupException(e.getMessage());
    }
  }

  /** What was generated now and what was reused: a new user sees which secrets a deletion of .conduit/ loses. */
  private static void warnDevelopmentSetup(Deployment deployment) {
    LOG.warn("==========================================================================================");
    LOG.warn(" DEVELOPMENT SETUP in {}", deployment.developmentHome().toAbsolutePath());
    deployment.developmentReport().forEach(line -> LOG.warn("   {}", line));
    LOG.warn(" Not for production. Set CONDUIT_DATABASE_URL, CONDUIT_VAULT_KEYSET and a JWT key instead.");
    LOG.warn("==========================================================================================");
  }

  private static boolean isBlank(String value) {
    return value == null || value.isBlank();
  }

  private static <T> T await(Future<T> future, String failure) {
    try {
      return future.toCompletionStage().toCompletableFuture().get(DEPLOY_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new StartupException(failure + ": " + e.getCause().getMessage());
    } catch (TimeoutException e) {
      throw new StartupException(failure + ": no answer within " + DEPLOY_TIMEOUT_SECONDS + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StartupException(failure + ": interrupted");
    }
  }

  /**
   * Calls {@code action} with a sentence saying what happened if the embedded development PostgreSQL exits under
   * this server (nothing is watched with a configured database).
   */
  public void onEmbeddedDatabaseLost(Consumer<String> action) {
    deployment.onEmbeddedDatabaseLost(action);
  }

  public DatabaseUrl database() {
    return database;
  }

  public Catalog catalog() {
    return catalog;
  }

  public Vertx vertx() {
    return vertx;
  }

  /** This replica's name in the cluster ({@code cluster_replicas}) and in refresh claims. */
  public String replica() {
    return node;
  }

  /**
   * Takes this replica out of the cluster at once: the others stop counting it in the ceilings' shares now rather
   * than after three missed heartbeats. For a shutdown that stops taking work before it closes; {@link #close()}
   * does it too. Idempotent; a database that does not answer leaves the registration to expire by itself.
   */
  public void deregister() {
    try {
      leaveCluster().toCompletionStage().toCompletableFuture().get(DEREGISTER_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("could not deregister from the cluster: {}", e.toString());
    }
  }

  private Future<Void> leaveCluster() {
    String id = heartbeat.getAndSet(null);
    Vertx running = vertx;
    return id == null || running == null ? Future.succeededFuture() : running.undeploy(id);
  }

  boolean isDevelopment() {
    return deployment.isDevelopment();
  }

  /**
   * The first step of a graceful stop: readiness answers 503 and the background jobs (refresh sweep, webhook
   * dispatcher) take nothing new, while requests are still served.
   */
  void startDraining() {
    drain.startDraining();
    vertx.eventBus().publish(Addresses.PROCESS_STOPPING, null);
  }

  /** Closes the HTTP listeners and completes once the requests in flight are answered, or cut after {@code timeout}. */
  Future<Void> stopServing(Duration timeout) {
    return drain.stopServing(timeout);
  }

  /**
   * Undeploys the verticles in the reverse order of their start — HTTP first, so no new work comes in, the vault
   * last, so the refreshes and deliveries in flight can finish with it. {@code waitingFor} hears what each step
   * waits for as it starts.
   */
  Future<Void> undeployVerticles(Consumer<String> waitingFor) {
    Future<Void> undeployed = Future.succeededFuture();
    while (!deployed.isEmpty()) {
      Deployed next = deployed.pop();
      undeployed = undeployed.compose(v -> {
        waitingFor.accept(next.stopping());
        return vertx.undeploy(next.id());
      });
    }
    return undeployed;
  }

  /**
   * Closes Vert.x: pools, clients, event loops. Call it from a thread of one's own and wait on the answer there:
   * composed after a future of an event loop, the answer would be handed to that loop after it has stopped.
   */
  Future<Void> closeVertx() {
    return vertx.close();
  }

  /** Stops the embedded development PostgreSQL, if this server runs one: the very last step of a stop. */
  void stopDatabase() {
    deployment.close();
  }

  /** Stops at once (requests in flight are cut; refreshes and deliveries in flight finish), within 30 s. */
  @Override
  public void close() {
    if (vertx != null) {
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Future<Void> undeployed = undeployVerticles(step -> { });
        undeployed.transform(done -> Future.succeededFuture()).toCompletionStage().toCompletableFuture()
            .get(30, TimeUnit.SECONDS);
        deregister();
        closeVertx().toCompletionStage().toCompletableFuture()
            .get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (undeployed.failed()) {
          LOG.warn("a verticle did not stop cleanly: {}", undeployed.cause().toString());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        LOG.warn("Vert.x did not close cleanly: {}", e.toString());
      }
      vertx = null;
    }
    deployment.close();
  }
}
