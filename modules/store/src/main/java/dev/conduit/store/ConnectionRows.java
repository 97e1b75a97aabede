package dev.conduit.store;

import dev.conduit.core.connection.Connection;
import dev.conduit.core.connection.ConnectionMetadata;
import dev.conduit.core.connection.ConnectionStatus;
import dev.conduit.core.connection.CredentialKind;
import dev.conduit.core.connection.CredentialSummary;
import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/** Maps the columns of {@link #COLUMNS} to a {@link Connection}. */
final class ConnectionRows {

  /** A connection joined with its credential's public metadata; alias {@code c} and {@code cr}. */
  static final String COLUMNS = """
      c.id, c.owner, c.connector, c.label, c.metadata, c.status, c.status_reason, c.created_at, c.updated_at,
      cr.kind, cr.expires_at, cr.scopes, cr.last_refreshed_at, cr.refresh_due_at, cr.failure_count, cr.last_error""";
  static final String FROM = " FROM connections c LEFT JOIN credentials cr ON cr.connection_id = c.id";

  private ConnectionRows() {
  }

  static Connection map(Row row) {
    String kind = row.getString("kind");
    CredentialSummary credential = kind == null ? null : new CredentialSummary(
        CredentialKind.fromWireName(kind),
        instant(row.getOffsetDateTime("expires_at")),
        strings(row.getArrayOfStrings("scopes")),
        instant(row.getOffsetDateTime("last_refreshed_at")),
        instant(row.getOffsetDateTime("refresh_due_at")),
        row.getInteger("failure_count"),
        row.getString("last_error"));
    return new Connection(
        row.getUUID("id"),
        row.getString("owner"),
        row.getString("connector"),
        row.getString("label"),
        ConnectionMetadata.of(row.getJsonObject("metadata")),
        ConnectionStatus.fromWireName(row.getString("status")),
        row.getString("status_reason"),
        instant(row.getOffsetDateTime("created_at")),
        instant(row.getOffsetDateTime("updated_at")),
        credential);
  }

  static Instant instant(OffsetDateTime time) {
    return time == null ? null : time.toInstant();
  }

  static List<String> strings(String[] values) {
    return values == null ? List.of() : Arrays.asList(values);
  }
}
