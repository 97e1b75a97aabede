package dev.conduit.refresh;

import dev.conduit.core.bus.ProviderRevocation;
import dev.conduit.core.bus.Traced;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientCredentials;
import dev.conduit.core.catalog.ClientRegistry;
import dev.conduit.core.catalog.Connector;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.WebClient;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Revokes a token at the provider (RFC 7009) after Conduit destroyed its own copy. Best effort by design: the
 * outcome is logged and counted, never reported to the owner, whose connection is already revoked.
 */
final class ProviderRevoker {

  private static final Logger LOG = LoggerFactory.getLogger(ProviderRevoker.class);
  static final long TIMEOUT_MS = 10_000;

  private final WebClient client;
  private final Catalog catalog;
  private final ClientRegistry clients;

  ProviderRevoker(WebClient client, Catalog catalog, ClientRegistry clients) {
    this.client = client;
    this.catalog = catalog;
    this.clients = clients;
  }

  /** Completes with the provider's HTTP status, or empty when there is nothing to call. */
  Future<Optional<Integer>> revoke(ProviderRevocation revocation) {
    Optional<Connector> connector = catalog.find(revocation.connector())
        .filter(c -> c.isOAuth() && c.oauth().revokeUrl() != null && !c.oauth().revokeUrl().contains("{"));
    Optional<ClientCredentials> credentials = clients.find(revocation.connector());
    if (connector.isEmpty() || credentials.isEmpty()) {
      return Future.succeededFuture(Optional.empty());
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("token", revocation.token());
    params.put("token_type_hint", revocation.tokenTypeHint());
    HttpRequest<Buffer> request = client.postAbs(connector.get().oauth().revokeUrl())
        .followRedirects(false)
        .timeout(TIMEOUT_MS)
        .putHeader("Accept", "application/json");
    ClientAuthentication.apply(connector.get().oauth().clientAuth(), credentials.get(), request, params);
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::set);
    return request.sendForm(form)
        .map(response -> {
          Traced.tag(LOG.atInfo(), revocation.requestId()).setMessage("revoked at the provider")
              .addKeyValue("connector", revocation.connector()).addKeyValue("status", response.statusCode()).log();
          return Optional.of(response.statusCode());
        })
        .recover(e -> {
          Traced.tag(LOG.atWarn(), revocation.requestId())
              .setMessage("revocation at the provider failed; the local revocation stands")
              .addKeyValue("connector", revocation.connector()).addKeyValue("error", e.getClass().getSimpleName())
              .log();
          return Future.succeededFuture(Optional.empty());
        });
  }
}
