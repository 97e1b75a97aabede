package dev.conduit.core.audit;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One line of an owner's audit trail: who ({@code actor}) did what ({@code action}) to which connection, how it
 * went ({@code outcome}: {@value #OK} or the stable error code) and when. Never holds secret material: every field is
 * an id, a name from a closed set, or a code. {@code connectionId}, {@code requestId} and the proxy fields
 * ({@code method}, {@code path}, {@code statusCode}) may be null.
 */
public record AuditEntry(String owner, Instant at, AuditAction action, UUID connectionId, String outcome,
    String actor, String requestId, String method, String path, Integer statusCode) {

  public static final String OK = "ok";
  /** The actor of what Conduit does by itself: the sweep, a refresh, a flow completed in a browser. */
  public static final String SYSTEM = "system";

  public AuditEntry {
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(actor, "actor");
  }

  /** An entry of anything but the proxy, happening now. */
  public static AuditEntry of(String owner, AuditAction action, UUID connectionId, String outcome, String actor,
      String requestId) {
    return new AuditEntry(owner, Instant.now(), action, connectionId, outcome, actor, requestId, null, null, null);
  }
}
