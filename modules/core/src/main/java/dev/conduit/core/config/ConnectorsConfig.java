package dev.conduit.core.config;

/** @param dir an extra directory of connector files merged over the built-in catalog (empty: none) */
public record ConnectorsConfig(String dir) {
}
