package dev.conduit.http;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.bus.NotifyClient;
import dev.conduit.core.bus.VaultClient;
import dev.conduit.core.bus.WebhookRequest;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.core.webhook.Delivery;
import dev.conduit.core.webhook.DeliveryStatus;
import dev.conduit.core.webhook.EventType;
import dev.conduit.core.webhook.WebhookEndpoint;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.store.PageRequest;
import dev.conduit.store.WebhookRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The webhook endpoints. The URL is judged by the NotifyVerticle (which delivers to it), the secret is made and
 * sealed by the vault; everything else is owner-scoped reads and writes of the webhook tables.
 */
final class WebhookHandlers {

  private static final String NOT_FOUND = "no webhook with this id";

  private final WebhookRepository webhooks;
  private final VaultClient vault;
  private final NotifyClient notify;
  private final AuditTrail audit;

  WebhookHandlers(WebhookRepository webhooks, VaultClient vault, NotifyClient notify, AuditTrail audit) {
    this.webhooks = webhooks;
    this.vault = vault;
    this.notify = notify;
    this.audit = audit;
  }

  void create(RoutingContext ctx) {
    JsonObject attributes = JsonApi.attributesOf(ctx.body().asJsonObject(), "webhooks");
    String url = attributes.getString("url");
    List<EventType> events = events(attributes.getJsonArray("events"));
    String owner = BearerAuthentication.owner(ctx);
    notify.checkUrl(url)
        .compose(verdict -> verdict.allowed()
            ? vault.createWebhook(new WebhookRequest.Create(owner, url, events))
            : Future.failedFuture(new ConduitException(ErrorCode.WEBHOOK_URL_REFUSED, verdict.reason(),
                "/data/attributes/url")))
        .andThen(created -> audit.record(ctx, AuditAction.WEBHOOK_CREATE, null, created))
        .compose(created -> {
          JsonObject resource = resource(created.endpoint());
          resource.getJsonObject("attributes").put("secret", created.secret());
          ctx.response().putHeader("Location", selfLink(created.endpoint().id()));
          ctx.response().putHeader("Cache-Control", "no-store");
          return JsonApi.sendData(ctx, 201, resource);
        })
        .onFailure(ctx::fail);
  }

  /**
   * A new signing secret, shown only in this answer; the replaced one keeps signing beside it until
   * {@code meta.previousSecretExpiresAt}.
   */
  void rotateSecret(RoutingContext ctx) {
    vault.rotateWebhookSecret(new WebhookRequest.RotateSecret(BearerAuthentication.owner(ctx), webhookId(ctx)))
        .andThen(rotated -> audit.record(ctx, AuditAction.WEBHOOK_ROTATE_SECRET, null, rotated))
        .compose(rotated -> {
          JsonObject resource = resource(rotated.endpoint());
          resource.getJsonObject("attributes").put("secret", rotated.secret());
          JsonObject meta = resource.getJsonObject("meta", new JsonObject());
          resource.put("meta", meta.put("previousSecretExpiresAt", Timestamps.format(rotated.previousSecretUntil())));
          ctx.response().putHeader("Cache-Control", "no-store");
          return JsonApi.sendData(ctx, 200, resource);
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
        .compose(deleted -> deleted ? Future.succeededFuture()
            : Future.<Void>failedFuture(new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND)))
        .andThen(deleted -> audit.record(ctx, AuditAction.WEBHOOK_DELETE, null, deleted))
        .compose(deleted -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  void update(RoutingContext ctx) {
    JsonObject body = ctx.body().asJsonObject();
    JsonObject attributes = JsonApi.attributesOf(body, "webhooks");
    UUID id = webhookId(ctx);
    String bodyId = body.getJsonObject("data").getString("id");
    if (bodyId != null && !bodyId.equals(id.toString())) {
      throw new ConduitException(ErrorCode.CONFLICT, "the body's id must be the id in the path", "/data/id");
    }
    String url = attributes.getString("url");
    // an empty list changes nothing: no endpoint may listen to nothing, and clients generated from the OpenAPI
    // document send [] for a list they were not given
    JsonArray named = attributes.getJsonArray("events");
    List<EventType> events = named == null || named.isEmpty() ? null : events(named);
    Boolean enabled = attributes.getBoolean("enabled");
    String owner = BearerAuthentication.owner(ctx);
    (url == null ? Future.succeededFuture() : notify.checkUrl(url).compose(verdict -> verdict.allowed()
        ? Future.succeededFuture()
        : Future.failedFuture(new ConduitException(ErrorCode.WEBHOOK_URL_REFUSED, verdict.reason(),
            "/data/attributes/url"))))
        .compose(checked -> webhooks.update(owner, id, url, events, enabled))
        .map(found -> found.orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND)))
        .compose(endpoint -> {
          if (Boolean.TRUE.equals(enabled)) {
            // its held deliveries may go now
            notify.wake();
          }
          return JsonApi.sendData(ctx, 200, resource(endpoint));
        })
        .onFailure(ctx::fail);
  }

  void test(RoutingContext ctx) {
    webhooks.test(BearerAuthentication.owner(ctx), webhookId(ctx))
        .compose(eventId -> {
          notify.wake();
          return JsonApi.sendData(ctx, 202, new JsonObject().put("type", "webhook-events").put("id", eventId)
              .put("attributes", new JsonObject().put("type", EventType.WEBHOOK_TEST.wireName())));
        })
        .onFailure(ctx::fail);
  }

  void deliveries(RoutingContext ctx) {
    String owner = BearerAuthentication.owner(ctx);
    UUID id = webhookId(ctx);
    PageRequest request = Paging.request(ctx.queryParams());
    webhooks.find(owner, id)
        .map(found -> found.orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND)))
        .compose(endpoint -> webhooks.deliveries(owner, id, request))
        .compose(page -> {
          JsonArray data = new JsonArray();
          page.items().forEach(delivery -> data.add(delivery(delivery)));
          // links always name the page size, the default included
          JsonObject links = Paging.links(selfLink(id) + "/deliveries",
              Map.of(Paging.SIZE, Integer.toString(request.size())), ctx.queryParams(), page);
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

  /** The subscribed event types (the contract has already checked each is one of them). */
  private static List<EventType> events(JsonArray names) {
    return names.stream().map(name -> {
      EventType type = EventType.fromWireName((String) name);
      if (type == null) {
        throw new ConduitException(ErrorCode.VALIDATION_FAILED, "unknown event type '" + name + "'",
            "/data/attributes/events");
      }
      return type;
    }).toList();
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
        .put("events", new JsonArray(endpoint.events().stream().map(EventType::wireName).toList()))
        .put("status", endpoint.status().wireName())
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
            .put("eventType", delivery.eventType().wireName())
            .put("status", delivery.status().wireName())
            .put("attempts", delivery.attempts())
            .put("lastStatusCode", delivery.lastStatusCode())
            .put("lastError", delivery.lastError())
            .put("nextAttemptAt", delivery.status() == DeliveryStatus.PENDING
                ? Timestamps.format(delivery.nextAttemptAt()) : null)
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
