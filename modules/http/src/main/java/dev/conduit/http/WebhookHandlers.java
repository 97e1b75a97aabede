package dev.conduit.http;

import dev.conduit.core.bus.NotifyClient;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.webhook.Delivery;
import dev.conduit.core.webhook.WebhookEndpoint;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.store.Cursor;
import dev.conduit.store.WebhookRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/**
 * The webhook endpoints. The URL is judged by the NotifyVerticle (which delivers to it), the secret is made and
 * sealed by the vault; everything else is owner-scoped reads and writes of the webhook tables.
 */
final class WebhookHandlers {

  private static final int DEFAULT_PAGE_SIZE = 50;
  private static final String NOT_FOUND = "no webhook with this id";

  private final WebhookRepository webhooks;
  private final VaultClient vault;
  private final NotifyClient notify;

  WebhookHandlers(WebhookRepository webhooks, VaultClient vault, NotifyClient notify) {
    this.webhooks = webhooks;
    this.vault = vault;
    this.notify = notify;
  }

  void create(RoutingContext ctx) {
    JsonObject data = ctx.body().asJsonObject().getJsonObject("data");
    if (!"webhooks".equals(data.getString("type"))) {
      throw new ConduitException(ErrorCode.CONFLICT, "the resource type must be 'webhooks'", "/data/type");
    }
    JsonObject attributes = data.getJsonObject("attributes");
    String url = attributes.getString("url");
    List<String> events = attributes.getJsonArray("events").stream().map(String.class::cast).toList();
    String owner = BearerAuthentication.owner(ctx);
    notify.checkUrl(url)
        .compose(verdict -> verdict.allowed()
            ? vault.createWebhook(new WebhookRequest.Create(owner, url, events))
            : Future.failedFuture(new ConduitException(ErrorCode.WEBHOOK_URL_REFUSED, verdict.reason(),
                "/data/attributes/url")))
        .compose(created -> {
          JsonObject resource = resource(created.endpoint());
          resource.getJsonObject("attributes").put("secret", created.secret());
          ctx.response().putHeader("Location", selfLink(created.endpoint().id()));
          ctx.response().putHeader("Cache-Control", "no-store");
          return JsonApi.sendData(ctx, 201, resource);
        })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    webhooks.list(BearerAuthentication.owner(ctx))
        .compose(endpoints -> {
          JsonArray data = new JsonArray();
          endpoints.forEach(endpoint -> data.add(resource(endpoint)));
          return JsonApi.sendData(ctx, 200, data);
        })
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    webhooks.find(BearerAuthentication.owner(ctx), webhookId(ctx))
        .map(found -> found.orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND)))
        .compose(endpoint -> JsonApi.sendData(ctx, 200, resource(endpoint)))
        .onFailure(ctx::fail);
  }

  void delete(RoutingContext ctx) {
    webhooks.delete(BearerAuthentication.owner(ctx), webhookId(ctx))
        .compose(deleted -> deleted ? ctx.response().setStatusCode(204).end()
            : Future.failedFuture(new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND)))
        .onFailure(ctx::fail);
  }

  void test(RoutingContext ctx) {
    webhooks.test(BearerAuthentication.owner(ctx), webhookId(ctx))
        .compose(eventId -> {
          notify.wake();
          return JsonApi.sendData(ctx, 202, new JsonObject().put("type", "webhook-events").put("id", eventId)
              .put("attributes", new JsonObject().put("type", "webhook.test")));
        })
        .onFailure(ctx::fail);
  }

  void deliveries(RoutingContext ctx) {
    String owner = BearerAuthentication.owner(ctx);
    UUID id = webhookId(ctx);
    String cursorText = ctx.queryParams().get("page[cursor]");
    Cursor cursor = cursorText == null ? null : Cursor.decode(cursorText);
    if (cursorText != null && cursor == null) {
      throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED, "not a cursor from links.next", "page[cursor]");
    }
    String size = ctx.queryParams().get("page[size]");
    int pageSize = size == null ? DEFAULT_PAGE_SIZE : Integer.parseInt(size);
    webhooks.find(owner, id)
        .map(found -> found.orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND)))
        .compose(endpoint -> webhooks.deliveries(owner, id, cursor, pageSize))
        .compose(page -> {
          JsonArray data = new JsonArray();
          page.items().forEach(delivery -> data.add(delivery(delivery)));
          String base = selfLink(id) + "/deliveries?page%5Bsize%5D=" + pageSize;
          JsonObject links = new JsonObject().put("self", cursorText == null ? base : base + "&page%5Bcursor%5D="
              + URLEncoder.encode(cursorText, StandardCharsets.UTF_8));
          if (page.nextCursor() != null) {
            links.put("next", base + "&page%5Bcursor%5D=" + URLEncoder.encode(page.nextCursor(), StandardCharsets.UTF_8));
          }
          return JsonApi.send(ctx, 200, new JsonObject().put("data", data).put("links", links));
        })
        .onFailure(ctx::fail);
  }

  void redeliver(RoutingContext ctx) {
    UUID deliveryId = PathIds.uuid(ctx, "deliveryId", "no delivery with this id");
    webhooks.redeliver(BearerAuthentication.owner(ctx), webhookId(ctx), deliveryId)
        .compose(found -> {
          if (!found) {
            return Future.failedFuture(new ConduitException(ErrorCode.NOT_FOUND, "no delivery with this id"));
          }
          notify.wake();
          return ctx.response().setStatusCode(202).end();
        })
        .onFailure(ctx::fail);
  }

  private static UUID webhookId(RoutingContext ctx) {
    return PathIds.uuid(ctx, "id", NOT_FOUND);
  }

  private static String selfLink(UUID id) {
    return "/api/webhooks/" + id;
  }

  private static JsonObject resource(WebhookEndpoint endpoint) {
    JsonObject resource = JsonApi.resource("webhooks", endpoint.id().toString(), new JsonObject()
        .put("url", endpoint.url())
        .put("events", new JsonArray(endpoint.events()))
        .put("status", endpoint.status())
        .put("createdAt", Timestamps.format(endpoint.createdAt()))
        .put("updatedAt", Timestamps.format(endpoint.updatedAt())), selfLink(endpoint.id()));
    if (endpoint.statusReason() != null) {
      resource.put("meta", new JsonObject().put("statusReason", endpoint.statusReason()));
    }
    return resource;
  }

  private static JsonObject delivery(Delivery delivery) {
    return new JsonObject()
        .put("type", "webhook-deliveries")
        .put("id", delivery.id().toString())
        .put("attributes", new JsonObject()
            .put("eventId", delivery.eventId())
            .put("eventType", delivery.eventType())
            .put("status", delivery.status())
            .put("attempts", delivery.attempts())
            .put("lastStatusCode", delivery.lastStatusCode())
            .put("lastError", delivery.lastError())
            .put("nextAttemptAt", "pending".equals(delivery.status()) ? Timestamps.format(delivery.nextAttemptAt()) : null)
            .put("deliveredAt", Timestamps.format(delivery.deliveredAt()))
            .put("createdAt", Timestamps.format(delivery.createdAt()))
            .put("history", new JsonArray(delivery.history().stream().map(attempt -> new JsonObject()
                .put("attempt", attempt.attempt())
                .put("at", Timestamps.format(attempt.at()))
                .put("statusCode", attempt.statusCode())
                .put("error", attempt.error())
                .put("durationMs", attempt.durationMs())).toList())));
  }
}
