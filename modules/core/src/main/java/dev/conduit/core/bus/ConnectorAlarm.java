package dev.conduit.core.bus;

/**
 * A connector's OAuth client was refused by its provider ({@code invalid_client} and kin), or works again.
 * Published on {@link Addresses#CONNECTOR_ALARM}; while raised, the catalog shows the connector as not configured.
 */
public record ConnectorAlarm(String connector, boolean raised, String reason) implements BusMessage {
}
