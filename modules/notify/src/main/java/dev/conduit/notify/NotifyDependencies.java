package dev.conduit.notify;

import dev.conduit.core.config.WebhooksConfig;
import dev.conduit.store.DatabaseUrl;
import io.micrometer.core.instrument.MeterRegistry;

/** What the NotifyVerticle needs, prepared before deployment. */
public record NotifyDependencies(WebhooksConfig config, DatabaseUrl database, int poolSize, MeterRegistry metrics) {
}
