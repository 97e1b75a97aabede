package dev.conduit.store;

import dev.conduit.core.connection.ConnectionStatus;

/** Filters and paging for an owner's connection list; null filters match everything. */
public record ConnectionQuery(ConnectionStatus status, String connector, PageRequest page) {
}
