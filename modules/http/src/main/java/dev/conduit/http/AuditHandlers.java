package dev.conduit.http;

import dev.conduit.core.audit.AuditAction;
import dev.conduit.core.audit.AuditEntry;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import dev.conduit.http.auth.BearerAuthentication;
import dev.conduit.store.AuditQuery;
import dev.conduit.store.AuditRepository;
import dev.conduit.store.AuditRepository.StoredAuditEntry;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** {@code GET /api/audit-events}: the caller's audit trail, newest first, filtered and cursor-paged. */
final class AuditHandlers {

  private static final String CONNECTION = "filter[connection]";
  private static final String ACTION = "filter[action]";
  private static final String SINCE = "filter[since]";

  private final AuditRepository audit;

  AuditHandlers(AuditRepository audit) {
    this.audit = audit;
  }

  void list(RoutingContext ctx) {
    MultiMap query = ctx.queryParams();
    AuditQuery filter = new AuditQuery(connection(query.get(CONNECTION)), action(query.get(ACTION)),
        since(query.get(SINCE)), Paging.request(query));
    // links keep the filters and page size the caller gave, in this order
    Map<String, String> kept = new LinkedHashMap<>();
    for (String name : new String[] {CONNECTION, ACTION, SINCE, Paging.SIZE}) {
      if (query.get(name) != null) {
        kept.put(name, query.get(name));
      }
    }
    audit.list(BearerAuthentication.owner(ctx), filter)
        .compose(page -> {
          JsonArray data = new JsonArray();
          page.items().forEach(item -> data.add(resource(item)));
          return JsonApi.send(ctx, 200, new JsonObject().put("data", data)
              .put("links", Paging.links("/api/audit-events", kept, query, page)));
        })
        .onFailure(ctx::fail);
  }

  static JsonObject resource(StoredAuditEntry stored) {
    AuditEntry entry = stored.entry();
    JsonObject attributes = new JsonObject()
        .put("action", entry.action().wireName())
        .put("connectionId", entry.connectionId() == null ? null : entry.connectionId().toString())
        .put("outcome", entry.outcome())
        .put("actor", entry.actor())
        .put("requestId", entry.requestId())
        .put("at", Timestamps.format(entry.at()));
    if (entry.action() == AuditAction.PROXY) {
      attributes.put("method", entry.method()).put("path", entry.path()).put("statusCode", entry.statusCode());
    }
    return new JsonObject().put("type", "audit-events").put("id", stored.id().toString())
        .put("attributes", attributes);
  }

  // the contract checks the forms too; these keep a value that slips past it from reaching the database
  private static UUID connection(String text) {
    if (text == null) {
      return null;
    }
    try {
      return UUID.fromString(text);
    } catch (IllegalArgumentException e) {
      throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED, "expected a connection id (a UUID)",
          CONNECTION);
    }
  }

  private static AuditAction action(String text) {
    try {
      return AuditAction.fromWireName(text);
    } catch (IllegalArgumentException e) {
      throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED, "expected one of the audit actions", ACTION);
    }
  }

  private static Instant since(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Timestamps.parse(text);
    } catch (IllegalArgumentException e) {
      throw ConduitException.ofParameter(ErrorCode.VALIDATION_FAILED,
          "expected an RFC 3339 date-time such as 2026-11-22T10:00:00Z", SINCE);
    }
  }
}
