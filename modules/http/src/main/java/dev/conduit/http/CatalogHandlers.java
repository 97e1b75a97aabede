package dev.conduit.http;

import dev.conduit.core.bus.ConnectorAlarm;
import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.Category;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.OAuthSettings;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code GET /api/connectors} and {@code GET /api/connectors/{id}}: the catalog, public, no secrets. */
final class CatalogHandlers {

  private final Catalog catalog;
  private final ClientRegistry clients;
  /** Connectors whose OAuth client the provider currently refuses (kept up to date from alarm events). */
  private final Set<String> alarmed = new HashSet<>();

  CatalogHandlers(Catalog catalog, ClientRegistry clients) {
    this.catalog = catalog;
    this.clients = clients;
  }

  /** Follows the RefreshVerticle's alarms: a refused client shows as not configured until it works again. */
  void alarm(ConnectorAlarm alarm) {
    if (alarm.raised()) {
      alarmed.add(alarm.connector());
    } else {
      alarmed.remove(alarm.connector());
    }
  }

  /**
   * The matching connectors, and per category how many match the other filters: a count that ignores
   * {@code filter[category]}, so that a page showing one category can still show how many each other one holds.
   */
  void list(RoutingContext ctx) {
    // the document's enums have already refused unknown values of both filters
    String authTypeName = ctx.queryParams().get("filter[authType]");
    String categoryName = ctx.queryParams().get("filter[category]");
    AuthType authType = authTypeName == null ? null : AuthType.fromWireName(authTypeName);
    String query = ctx.queryParams().get("filter[q]");
    List<Connector> matches = catalog.filter(
        authType, categoryName == null ? null : Category.fromWireName(categoryName), query);
    List<Connector> inAnyCategory = catalog.filter(authType, null, query);
    JsonArray data = new JsonArray();
    matches.forEach(connector -> data.add(resource(connector)));
    JsonObject categories = new JsonObject();
    Catalog.countByCategory(inAnyCategory).forEach((c, count) -> categories.put(c.wireName(), count));
    JsonApi.send(ctx, 200, new JsonObject()
        .put("data", data)
        .put("meta", new JsonObject().put("count", matches.size()).put("categories", categories)));
  }

  void get(RoutingContext ctx) {
    String id = ctx.pathParam("id");
    Connector connector = catalog.find(id)
        .orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND, "no connector with this id"));
    JsonApi.sendData(ctx, 200, resource(connector));
  }

  private JsonObject resource(Connector connector) {
    JsonObject attributes = new JsonObject()
        .put("name", connector.name())
        .put("authType", connector.authType().wireName())
        .put("categories", new JsonArray(connector.categories().stream().map(Category::wireName).toList()))
        .put("docsUrl", connector.docsUrl());
    if (connector.isOAuth()) {
      OAuthSettings oauth = connector.oauth();
      attributes.put("oauth", new JsonObject()
          .put("authorizeUrl", oauth.authorizeUrl())
          .put("tokenUrl", oauth.tokenUrl())
          .put("defaultScopes", new JsonArray(oauth.defaultScopes()))
          .put("pkce", oauth.pkce()));
    }
    if (connector.api() != null) {
      attributes.put("api", new JsonObject().put("baseUrl", connector.api().baseUrl()));
    }
    attributes
        .put("rateLimit", new JsonObject()
            .put("limit", connector.rateLimit().limit())
            .put("periodSeconds", connector.rateLimit().periodSeconds())
            .put("published", connector.rateLimit().published())
            .put("source", connector.rateLimit().source()))
        .put("configured", clients.isConfigured(connector) && !alarmed.contains(connector.id()));
    return JsonApi.resource("connectors", connector.id(), attributes, "/api/connectors/" + connector.id());
  }
}
