package dev.conduit.core.catalog;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The OAuth clients this deployment holds, one per connector, read from the environment only:
 * {@code CONDUIT_CONNECTOR_<ID>_CLIENT_ID} and {@code CONDUIT_CONNECTOR_<ID>_CLIENT_SECRET}
 * (id upper-cased, {@code -} becomes {@code _}).
 */
public final class ClientRegistry {

  private final Map<String, ClientCredentials> clients;
  /** Connectors whose client is complete; fixed at construction so a secret-free view still knows it. */
  private final Set<String> complete;

  private ClientRegistry(Map<String, ClientCredentials> clients, Set<String> complete) {
    this.clients = Map.copyOf(clients);
    this.complete = Set.copyOf(complete);
  }

  public static ClientRegistry empty() {
    return new ClientRegistry(Map.of(), Set.of());
  }

  /** The clients of the catalog's OAuth connectors found in {@code environment}. */
  public static ClientRegistry fromEnvironment(Catalog catalog, Map<String, String> environment) {
    Map<String, ClientCredentials> clients = new HashMap<>();
    for (Connector connector : catalog.all()) {
      String prefix = environmentPrefix(connector.id());
      String clientId = environment.get(prefix + "CLIENT_ID");
      if (connector.isOAuth() && clientId != null && !clientId.isBlank()) {
        clients.put(connector.id(), new ClientCredentials(clientId.strip(), environment.get(prefix + "CLIENT_SECRET")));
      }
    }
    return of(catalog, clients);
  }

  /** A registry holding {@code clients} (connector id to client) for connectors of {@code catalog}. */
  public static ClientRegistry of(Catalog catalog, Map<String, ClientCredentials> clients) {
    Set<String> complete = new HashSet<>();
    clients.forEach((id, client) -> catalog.find(id).ifPresent(connector -> {
      if (client.hasSecret() || connector.oauth().clientAuth() == ClientAuth.NONE) {
        complete.add(id);
      }
    }));
    return new ClientRegistry(clients, complete);
  }

  /** {@code CONDUIT_CONNECTOR_<ID>_} for a connector id. */
  public static String environmentPrefix(String connectorId) {
    return "CONDUIT_CONNECTOR_" + connectorId.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
  }

  /**
   * For an operator, why a connector cannot be refreshed or authorized here, naming the variables to set (the
   * names only, never a value).
   */
  public static String missingClientDetail(String connectorId) {
    String prefix = environmentPrefix(connectorId);
    return "this deployment has no OAuth client for connector '" + connectorId + "': set " + prefix + "CLIENT_ID and "
        + prefix + "CLIENT_SECRET (the secret may be left out only for providers that take public clients)";
  }

  public Optional<ClientCredentials> find(String connectorId) {
    return Optional.ofNullable(clients.get(connectorId));
  }

  /**
   * Whether the connector can be used here: OAuth connectors need a client id, and a secret unless the
   * provider takes public clients; API-key and basic connectors need nothing from the deployment.
   */
  public boolean isConfigured(Connector connector) {
    return !connector.isOAuth() || complete.contains(connector.id());
  }

  /** The same registry with every secret removed, for code that must never hold one. */
  public ClientRegistry withoutSecrets() {
    Map<String, ClientCredentials> stripped = new HashMap<>();
    clients.forEach((id, client) -> stripped.put(id, client.withoutSecret()));
    return new ClientRegistry(stripped, complete);
  }
}
