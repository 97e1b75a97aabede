package dev.conduit.http;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.VaultRequest;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.connection.CredentialInput;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.store.ConnectionQuery;
import dev.conduit.store.ConnectionRepository;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The connection endpoints. Reads and creates go straight to the owner-scoped repository (no secrets
 * involved); anything that touches secret material — deposit, vend, revoke, delete — is asked of the vault.
 */
final class ConnectionHandlers {

  private static final int MAX_METADATA_BYTES = 8 * 1024;

  private final ConnectionRepository connections;
  private final VaultClient vault;
  private final VendFlow vendFlow;
  private final Catalog catalog;
  private final CredentialParser credentials;
  private final ClientRegistry clients;
  private final int connectionsPerOwner;
  private final AuditTrail audit;

  ConnectionHandlers(ConnectionRepository connections, VaultClient vault, VendFlow vendFlow, Catalog catalog,
      CredentialParser credentials, ClientRegistry clients, int connectionsPerOwner, AuditTrail audit) {
    this.connections = connections;
    this.vault = vault;
    this.vendFlow = vendFlow;
    this.catalog = catalog;
    this.credentials = credentials;
    this.clients = clients;
    this.connectionsPerOwner = connectionsPerOwner;
    this.audit = audit;
  }

  void create(RoutingContext ctx) {
    JsonObject attributes = JsonApi.attributesOf(ctx.body().asJsonObject(), "connections");
    String connector = attributes.getString("connector");
    if (catalog.find(connector).isEmpty()) {
      throw new ConduitException(ErrorCode.UNKNOWN_CONNECTOR, "no connector '" + connector + "' in the catalog",
          "/data/attributes/connector");
    }
    ConnectionMetadata metadata = metadataOf(attributes.getJsonObject("metadata", new JsonObject()));
    respond(ctx, connections.create(BearerAuthentication.owner(ctx), connector, attributes.getString("label"),
            metadata, connectionsPerOwner)
        .andThen(created -> audit.record(ctx, AuditAction.CONNECTION_CREATE,
            created.succeeded() ? created.result().id() : null, created))
        .compose(connection -> {
          ctx.response().putHeader("Location", ConnectionJson.selfLink(connection));
          return JsonApi.sendData(ctx, 201, ConnectionJson.resource(connection));
        }));
  }

  void update(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    JsonObject attributes = JsonApi.attributesOf(body, "connections");
    UUID id = PathIds.uuid(ctx, "id", "no connection with this id");
    String bodyId = body.getJsonObject("data").getString("id");
    if (bodyId != null && !bodyId.equals(id.toString())) {
      throw new ConduitException(ErrorCode.CONFLICT, "the body's id must be the id in the path", "/data/id");
    }
    JsonObject metadata = attributes.getJsonObject("metadata");
    respond(ctx, connections.update(BearerAuthentication.owner(ctx), id, attributes.containsKey("label"),
            attributes.getString("label"), metadata == null ? null : metadataOf(metadata))
        .compose(found -> JsonApi.sendData(ctx, 200, ConnectionJson.resource(found.orElseThrow(
            () -> new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id"))))));
  }

  private static ConnectionMetadata metadataOf(JsonObject metadata) {
    if (metadata.toBuffer().length() > MAX_METADATA_BYTES) {
      throw new ConduitException(ErrorCode.VALIDATION_FAILED, "metadata is larger than 8 KiB",
          "/data/attributes/metadata");
    }
    return ConnectionMetadata.of(metadata);
  }

  void list(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    ConnectionQuery filter = new ConnectionQuery(
        ConnectionStatus.fromWireName(query.get("filter[status]")),
        query.get("filter[connector]"),
        Paging.request(query));
    // links keep the filters and page size the caller gave, in this order
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : new String[] {"filter[status]", "filter[connector]", Paging.SIZE}) {
      if (query.get(name) != null) {
        kept.put(name, query.get(name));
      }
    }
    respond(ctx, connections.list(BearerAuthentication.owner(ctx), filter).compose(page -> {
      JsonArray data = new JsonArray();
      page.items().forEach(connection -> data.add(ConnectionJson.resource(connection)));
      return JsonApi.send(ctx, 200, new JsonObject().put("data", data)
          .put("links", Paging.links("/api/connections", kept, query, page)));
    }));
  }

  void get(RoutingContext ctx) {
    respond(ctx, connections.find(BearerAuthentication.owner(ctx), connectionId(ctx))
        .map(found -> found.orElseThrow(ConnectionHandlers::notFound))
        .compose(connection -> JsonApi.sendData(ctx, 200, ConnectionJson.resource(connection))));
  }

  void deposit(RoutingContext ctx) {
    String owner = BearerAuthentication.owner(ctx);
    UUID id = connectionId(ctx);
    CredentialInput credential = credentials.parse(JsonApi.attributesOf(ctx.body().asJsonObject(), "credentials"));
    respond(ctx, connections.find(owner, id)
        .map(found -> found.orElseThrow(ConnectionHandlers::notFound))
        .compose(connection -> {
          Connector connector = catalog.find(connection.connector()).orElseThrow(() -> new ConduitException(
              ErrorCode.UNKNOWN_CONNECTOR, "connector '" + connection.connector() + "' is no longer in the catalog"));
          if (!credential.kind().matches(connector.authType())) {
            return Future.failedFuture(new ConduitException(ErrorCode.KIND_MISMATCH,
                "connector '" + connector.id() + "' takes " + connector.authType().wireName() + " credentials",
                "/data/attributes/kind"));
          }
          return vault.deposit(new VaultRequest.Deposit(owner, id, credential, RequestIds.of(ctx)));
        })
        .andThen(deposited -> audit.record(ctx, AuditAction.CREDENTIAL_DEPOSIT, id, deposited))
        .compose(connection -> JsonApi.sendData(ctx, 200,
            ConnectionJson.resource(connection, refreshNotice(connection, credential)))));
  }

  /**
   * A refresh token deposited for a connector this deployment has no OAuth client for is stored, but cannot be
   * used until an operator sets the client's variables: the answer says so, naming them.
   */
  private String refreshNotice(Connection connection, CredentialInput credential) {
    boolean refreshable = credential instanceof CredentialInput.OAuthTokens tokens && tokens.refreshToken() != null;
    boolean configured = catalog.find(connection.connector()).map(clients::isConfigured).orElse(true);
    return refreshable && !configured
        ? ClientRegistry.missingClientDetail(connection.connector()) + "; until then the token cannot be refreshed"
        : null;
  }

  void vend(RoutingContext ctx) {
    String owner = BearerAuthentication.owner(ctx);
    UUID id = connectionId(ctx);
    VaultRequest.Vend.Mode mode = forceRefresh(ctx.queryParams().get("forceRefresh"))
        ? VaultRequest.Vend.Mode.FORCED
        : VaultRequest.Vend.Mode.WHEN_DUE;
    ctx.response().putHeader("Cache-Control", "no-store");
    // one listener rather than onSuccess + onFailure: the vend is the hot path
    vendFlow.vend(new VaultRequest.Vend(owner, id, mode, RequestIds.of(ctx))).onComplete(result -> {
      // the audit trail, not a log line, says who vended what: only a buffer append here, never a database write
      audit.record(ctx, AuditAction.VEND, id, result);
      if (result.succeeded()) {
        JsonApi.send(ctx, 200, SecretDocument.of(result.result()));
      } else {
        ctx.fail(result.cause());
      }
    });
  }

  void revoke(RoutingContext ctx) {
    UUID id = connectionId(ctx);
    respond(ctx, vault.revoke(new VaultRequest.Revoke(BearerAuthentication.owner(ctx), id, RequestIds.of(ctx)))
        .andThen(revoked -> audit.record(ctx, AuditAction.REVOKE, id, revoked))
        .compose(connection -> JsonApi.sendData(ctx, 200, ConnectionJson.resource(connection))));
  }

  void delete(RoutingContext ctx) {
    UUID id = connectionId(ctx);
    respond(ctx, vault.delete(new VaultRequest.Delete(BearerAuthentication.owner(ctx), id, RequestIds.of(ctx)))
        .andThen(deleted -> audit.record(ctx, AuditAction.DELETE, id, deleted))
        .compose(v -> ctx.response().setStatusCode(204).end()));
  }

  private static boolean forceRefresh(String value) {
    if (value == null || value.equals("false")) {
      return false;
    }
    if (value.equals("true")) {
      return true;
    }
    throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED, "expected true or false", "forceRefresh");
  }

  private static UUID connectionId(RoutingContext ctx) {
    return PathIds.uuid(ctx, "id", "no connection with this id");
  }

  private static ConduitException notFound() {
    return new ConduitException(ErrorCode.NOT_FOUND, "no connection with this id");
  }

  private static void respond(RoutingContext ctx, Future<?> work) {
    work.onFailure(ctx::fail);
  }
}
