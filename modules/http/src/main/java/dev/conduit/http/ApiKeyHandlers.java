package dev.conduit.http;

import dev.conduit.core.apikey.ApiKey;
import dev.conduit.core.apikey.ApiKeyScope;
import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.http.auth.DeletedKeys;
import dev.conduit.http.auth.PlatformKeys;
import dev.conduit.store.ApiKeyRepository;
import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;

/**
 * The owner's platform API keys. The key is made here and shown once, in the create answer; only its SHA-256 is
 * stored, so no later answer can show it again. (The route table lets only JWT callers here.)
 */
final class ApiKeyHandlers {

  private static final String NOT_FOUND = "no API key with this id";
  private static final String TYPE = "api-keys";

  private final ApiKeyRepository keys;
  private final int maxPerOwner;
  private final DeletedKeys deletedHere;
  private final Clock clock;
  private final AuditTrail audit;

  ApiKeyHandlers(ApiKeyRepository keys, DeletedKeys deletedHere, int maxPerOwner, Clock clock, AuditTrail audit) {
    this.keys = keys;
    this.deletedHere = deletedHere;
    this.maxPerOwner = maxPerOwner;
    this.clock = clock;
    this.audit = audit;
  }

  void create(RoutingContext ctx) {
    JsonObject attributes = JsonApi.attributesOf(ctx.body().asJsonObject(), TYPE);
    Instant expiresAt = expiresAt(attributes.getString("expiresAt"));
    String key = PlatformKeys.generate();
    ApiKey wanted = new ApiKey(UUID.randomUUID(), BearerAuthentication.owner(ctx), attributes.getString("name"),
        PlatformKeys.shownPrefix(key), scopes(attributes.getJsonArray("scopes")), null, expiresAt, null);
    keys.create(wanted, PlatformKeys.hash(key), maxPerOwner)
        .andThen(created -> audit.record(ctx, AuditAction.API_KEY_CREATE, null, created))
        .compose(created -> {
          JsonObject resource = resource(created);
          resource.getJsonObject("attributes").put("key", key);
          ctx.response().putHeader("Location", selfLink(created.id()));
          ctx.response().putHeader("Cache-Control", "no-store");
          return JsonApi.sendData(ctx, 201, resource);
        })
        .onFailure(ctx::fail);
  }

  void list(RoutingContext ctx) {
    keys.list(BearerAuthentication.owner(ctx))
        .compose(found -> {
          JsonArray data = new JsonArray();
          found.forEach(key -> data.add(resource(key)));
          return JsonApi.sendData(ctx, 200, data);
        })
        .onFailure(ctx::fail);
  }

  void get(RoutingContext ctx) {
    keys.find(BearerAuthentication.owner(ctx), keyId(ctx))
        .map(found -> found.orElseThrow(() -> new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND)))
        .compose(key -> JsonApi.sendData(ctx, 200, resource(key)))
        .onFailure(ctx::fail);
  }

  /**
   * The key is refused by this process once the answer is sent, and by every other replica as soon as the delete's
   * notice reaches it on the change feed.
   */
  void delete(RoutingContext ctx) {
    UUID id = keyId(ctx);
    keys.delete(BearerAuthentication.owner(ctx), id)
        .compose(deleted -> {
          if (!deleted) {
            return Future.<Void>failedFuture(new ConduitException(ErrorCode.NOT_FOUND, NOT_FOUND));
          }
          deletedHere.deleted(id);
          return Future.<Void>succeededFuture();
        })
        .andThen(deleted -> audit.record(ctx, AuditAction.API_KEY_DELETE, null, deleted))
        .compose(deleted -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  /** Null (never expires), or an instant still ahead: a key born expired would only fail its first call. */
  private Instant expiresAt(String text) {
    if (text == null) {
      return null;
    }
    Instant at;
    try {
      at = Timestamps.parse(text).truncatedTo(ChronoUnit.SECONDS);
    } catch (IllegalArgumentException e) {
      throw new ConduitException(ErrorCode.VALIDATION_FAILED, "expiresAt must be an RFC 3339 date-time with an "
          + "offset, such as 2026-11-22T10:00:00Z, or null.", "/data/attributes/expiresAt");
    }
    if (!at.isAfter(clock.instant())) {
      throw new ConduitException(ErrorCode.VALIDATION_FAILED, "expiresAt must be in the future (or null: never).",
          "/data/attributes/expiresAt");
    }
    return at;
  }

  /** The scopes named (the contract has checked each is one of them, each once). */
  private static Set<ApiKeyScope> scopes(JsonArray names) {
    Set<ApiKeyScope> scopes = EnumSet.noneOf(ApiKeyScope.class);
    for (Object name : names) {
      ApiKeyScope scope = ApiKeyScope.fromWireName((String) name);
      if (scope == null) {
        throw new ConduitException(ErrorCode.VALIDATION_FAILED, "unknown scope", "/data/attributes/scopes");
      }
      scopes.add(scope);
    }
    return scopes;
  }

  private static JsonObject resource(ApiKey key) {
    JsonArray scopes = new JsonArray();
    key.scopes().stream().sorted().forEach(scope -> scopes.add(scope.wireName()));
    JsonObject attributes = new JsonObject()
        .put("name", key.name())
        .put("prefix", key.prefix())
        .put("scopes", scopes)
        .put("createdAt", Timestamps.format(key.createdAt()))
        .put("expiresAt", key.expiresAt() == null ? null : Timestamps.format(key.expiresAt()))
        .put("lastUsedAt", key.lastUsedAt() == null ? null : Timestamps.format(key.lastUsedAt()));
    return JsonApi.resource(TYPE, key.id().toString(), attributes, selfLink(key.id()));
  }

  private static UUID keyId(RoutingContext ctx) {
    return PathIds.uuid(ctx, "id", NOT_FOUND);
  }

  private static String selfLink(UUID id) {
    return "/api/api-keys/" + id;
  }
}
