package dev.conduit.store;

import dev.conduit.core.audit.AuditAction;
import java.time.Instant;
import java.util.UUID;

/**
 * What {@code GET /api/audit-events} asks for: entries of one connection and/or one action, at or after
 * {@code since} (each null: no condition), one page at a time.
 */
public record AuditQuery(UUID connectionId, AuditAction action, Instant since, PageRequest page) {
}
