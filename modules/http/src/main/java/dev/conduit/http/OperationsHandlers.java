package dev.conduit.http;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ComponentStatus;
import dev.conduit.store.Database;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import java.time.Duration;
import java.util.List;

/** {@code /health/live}, {@code /health/ready}, {@code /metrics} and {@code /openapi.yaml}. */
final class OperationsHandlers {

  private static final long CHECK_TIMEOUT_MS = 3_000;
  /**
   * The database probes' own bound, inside the check's: a check that overruns its procedure timeout makes the
   * whole answer a 500, while a probe that gives up in time reports the database down (503).
   */
  private static final Duration PROBE_TIMEOUT = Duration.ofMillis(CHECK_TIMEOUT_MS - 500);
  private static final String LATEST_MIGRATION =
      "SELECT version FROM flyway_schema_history WHERE success ORDER BY installed_rank DESC LIMIT 1";

  private final Vertx vertx;
  private final Database database;
  private final String schemaVersion;
  private final PrometheusMeterRegistry registry;
  private final OpenApiDocument openApi;
  private final HttpDrain drain;

  OperationsHandlers(Vertx vertx, Database database, String schemaVersion, PrometheusMeterRegistry registry,
      OpenApiDocument openApi, HttpDrain drain) {
    this.vertx = vertx;
    this.database = database.withTimeout(PROBE_TIMEOUT);
    this.schemaVersion = schemaVersion;
    this.registry = registry;
    this.openApi = openApi;
    this.drain = drain;
  }

  Handler<RoutingContext> live() {
    return HealthCheckHandler.create(vertx).register("process", promise -> promise.complete(Status.OK()));
  }

  /**
   * Ready when the process is not stopping, the database answers, its schema is this build's, and every verticle
   * says it is ready.
   */
  Handler<RoutingContext> ready() {
    HealthChecks checks = HealthChecks.create(vertx)
        .register("shutdown", promise -> promise.complete(drain.draining()
            ? Status.KO(new JsonObject().put("reason", "the server is stopping"))
            : Status.OK()))
        .register("database", CHECK_TIMEOUT_MS, promise -> database.query("SELECT 1")
            .map(rows -> Status.OK())
            .otherwise(e -> Status.KO(new JsonObject().put("reason", "database unreachable")))
            .onComplete(promise))
        .register("migrations", CHECK_TIMEOUT_MS, promise -> database.system().query(LATEST_MIGRATION)
            .map(rows -> {
              String applied = rows.size() == 0 ? null : rows.iterator().next().getString(0);
              return schemaVersion.equals(applied) ? Status.OK()
                  : Status.KO(new JsonObject().put("reason", "schema is at " + applied + ", expected " + schemaVersion));
            })
            .otherwise(e -> Status.KO(new JsonObject().put("reason", "schema history unreadable")))
            .onComplete(promise));
    for (String address : List.of(Addresses.VAULT_STATUS, Addresses.REFRESH_STATUS, Addresses.NOTIFY_STATUS)) {
      String component = address.split("\\.")[1];
      checks.register(component, CHECK_TIMEOUT_MS, promise -> componentStatus(address).onComplete(promise));
    }
    return HealthCheckHandler.createWithHealthChecks(checks);
  }

  private Future<Status> componentStatus(String address) {
    return vertx.eventBus()
        .<ComponentStatus>request(address, null, new DeliveryOptions().setSendTimeout(CHECK_TIMEOUT_MS))
        .map(reply -> reply.body().ready() ? Status.OK()
            : Status.KO(new JsonObject().put("reason", reply.body().reason())))
        .otherwise(e -> Status.KO(new JsonObject().put("reason", "not answering")));
  }

  void metrics(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")
        .end(registry.scrape());
  }

  void openApi(RoutingContext ctx) {
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/yaml; charset=utf-8")
        .end(openApi.yaml());
  }
}
