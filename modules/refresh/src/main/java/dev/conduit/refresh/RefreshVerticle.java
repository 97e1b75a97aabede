package dev.conduit.refresh;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ComponentStatus;
import dev.conduit.core.bus.ProviderRevocation;
import dev.conduit.core.catalog.Catalog;
import dev.conduit.core.catalog.ClientRegistry;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

/**
 * The only code that calls providers' token endpoints.
 *
 * <p>Consumes: {@link Addresses#REFRESH_STATUS}, {@link Addresses#REFRESH_REVOKE}.
 */
public final class RefreshVerticle extends VerticleBase {

  static final String COMPONENT = "refresh";

  private final Catalog catalog;
  private final ClientRegistry clients;

  public RefreshVerticle(Catalog catalog, ClientRegistry clients) {
    this.catalog = catalog;
    this.clients = clients;
  }

  @Override
  public Future<?> start() {
    WebClient client = WebClient.create(vertx, new WebClientOptions()
        .setFollowRedirects(false)
        .setConnectTimeout(5_000)
        .setUserAgent("Conduit"));
    ProviderRevoker revoker = new ProviderRevoker(client, catalog, clients);
    return Future.all(
        vertx.eventBus().consumer(Addresses.REFRESH_STATUS,
            message -> message.reply(ComponentStatus.ready(COMPONENT))).completion(),
        vertx.eventBus().<ProviderRevocation>consumer(Addresses.REFRESH_REVOKE,
            message -> revoker.revoke(message.body())).completion());
  }
}
