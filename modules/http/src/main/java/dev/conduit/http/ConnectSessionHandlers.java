package dev.conduit.http;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.config.RedirectAllowList;
import dev.conduit.core.connect.ConnectSession;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.crypto.Digests;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.store.ConnectSessionRepository;
import dev.conduit.store.ConnectionRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /api/connect-sessions}: a link the owner's backend hands its end user, who then connects one account
 * on the hosted connect page. The token is in the answer's {@code url} and nowhere else: only its hash is stored.
 */
final class ConnectSessionHandlers {

  private static final int MAX_METADATA_BYTES = 8 * 1024;
  private static final String ATTRIBUTES = "/data/attributes/";

  /** What the handler needs besides the request. */
  record Settings(String publicUrl, Duration sessionTtl, RedirectAllowList redirects, int pendingPerOwner) {
  }

  private final ConnectSessionRepository sessions;
  private final ConnectionRepository connections;
  private final Catalog catalog;
  private final ClientRegistry clients;
  private final Settings settings;
  private final Clock clock;
  private final AuditTrail audit;

  ConnectSessionHandlers(ConnectSessionRepository sessions, ConnectionRepository connections, Catalog catalog,
      ClientRegistry clients, Settings settings, Clock clock, AuditTrail audit) {
    this.sessions = sessions;
    this.connections = connections;
    this.catalog = catalog;
    this.clients = clients;
    this.settings = settings;
    this.clock = clock;
    this.audit = audit;
  }

  void create(RoutingContext ctx) {
    JsonObject attributes = JsonApi.attributesOf(ctx.body().asJsonObject(), "connect-sessions");
    String owner = BearerAuthentication.owner(ctx);
    JsonObject metadata = attributes.getJsonObject("metadata", new JsonObject());
    if (metadata.toBuffer().length() > MAX_METADATA_BYTES) {
      throw new ConduitException(ErrorCode.VALIDATION_FAILED, "metadata is larger than 8 KiB", ATTRIBUTES + "metadata");
    }
    String redirectAfter = attributes.getString("redirectAfter");
    settings.redirects().refusal(redirectAfter, ATTRIBUTES + "redirectAfter").ifPresent(refused -> {
      throw refused;
    });
    JsonArray named = attributes.getJsonArray("connectors");
    UUID connectionId = connectionId(attributes.getString("connectionId"));
    Future<List<String>> offered = connectionId == null
        ? Future.succeededFuture(named == null ? connectable() : named(named))
        : connections.find(owner, connectionId).map(found -> reconnectable(
            found.orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id",
                ATTRIBUTES + "connectionId")), named));
    Instant expiresAt = clock.instant().plus(settings.sessionTtl()).truncatedTo(ChronoUnit.SECONDS);
    String token = Digests.newToken();
    offered
        .compose(list -> {
          ConnectSession session = new ConnectSession(UUID.randomUUID(), owner, list, connectionId,
              attributes.getString("label"), ConnectionMetadata.of(metadata), redirectAfter, expiresAt);
          return sessions.create(Digests.sha256(token), session, settings.pendingPerOwner())
              .map(created -> session);
        })
        .andThen(created -> audit.record(ctx, AuditAction.CONNECT_SESSION_CREATE, connectionId, created))
        .compose(session -> JsonApi.sendData(ctx, 201, resource(session, token)))
        .onFailure(ctx::fail);
  }

  /** Without {@code connectors}: every connector this deployment can connect, in the catalog's order. */
  private List<String> connectable() {
    return catalog.all().stream().filter(clients::isConfigured).map(Connector::id).toList();
  }

  /** The named connectors, each in the catalog and connectable here; all unknown ones named at once. */
  private List<String> named(JsonArray named) {
    List<String> ids = new ArrayList<>();
    List<String> unknown = new ArrayList<>();
    List<String> unconfigured = new ArrayList<>();
    for (Object value : named) {
      String id = (String) value;
      ids.add(id);
      catalog.find(id).ifPresentOrElse(connector -> {
        if (!clients.isConfigured(connector)) {
          unconfigured.add(id);
        }
      }, () -> unknown.add(id));
    }
    if (!unknown.isEmpty()) {
      throw new ConduitException(ErrorCode.UNKNOWN_CONNECTOR, "no connector " + quoted(unknown) + " in the catalog",
          ATTRIBUTES + "connectors");
    }
    if (!unconfigured.isEmpty()) {
      throw new ConduitException(ErrorCode.CONNECTOR_NOT_CONFIGURED,
          ClientRegistry.missingClientDetail(unconfigured.get(0)), ATTRIBUTES + "connectors");
    }
    return ids;
  }

  /** A reconnect session offers its connection's connector only; a revoked connection cannot come back. */
  private List<String> reconnectable(Connection connection, JsonArray named) {
    if (connection.status() == ConnectionStatus.REVOKED) {
      throw new ConduitException(ErrorCode.REVOKED, "the connection is revoked; create a new one",
          ATTRIBUTES + "connectionId");
    }
    if (named != null && !named.getList().equals(List.of(connection.connector()))) {
      throw new ConduitException(ErrorCode.VALIDATION_FAILED, "connectors of a reconnect session must be only the"
          + " connection's connector ('" + connection.connector() + "') or left out.", ATTRIBUTES + "connectors");
    }
    return named(new JsonArray().add(connection.connector()));
  }

  private static UUID connectionId(String value) {
    if (value == null) {
      return null;
    }
    try {
      UUID id = UUID.fromString(value);
      if (id.toString().equals(value.toLowerCase(java.util.Locale.ROOT))) {
        return id;
      }
    } catch (IllegalArgumentException e) {
      // answered below
    }
    throw new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id", ATTRIBUTES + "connectionId");
  }

  private JsonObject resource(ConnectSession session, String token) {
    JsonObject attributes = new JsonObject()
        .put("url", settings.publicUrl() + "/connect/" + token)
        .put("expiresAt", Timestamps.format(session.expiresAt()))
        .put("connectors", new JsonArray(session.connectors()))
        .put("connectionId", session.connectionId() == null ? null : session.connectionId().toString())
        .put("label", session.label())
        .put("metadata", session.metadata().toJson())
        .put("redirectAfter", session.redirectAfter());
    return new JsonObject().put("type", "connect-sessions").put("id", session.id().toString())
        .put("attributes", attributes);
  }

  private static String quoted(List<String> ids) {
    return String.join(", ", ids.stream().map(id -> "'" + id + "'").toList());
  }
}
