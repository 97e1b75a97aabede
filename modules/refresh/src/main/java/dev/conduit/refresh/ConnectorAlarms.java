package dev.conduit.refresh;

import dev.conduit.core.bus.Addresses;
import dev.conduit.core.bus.ConnectorAlarm;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.eventbus.EventBus;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raised when a provider refuses this deployment's OAuth client ({@code invalid_client},
 * {@code unauthorized_client}, {@code unsupported_grant_type}): an operator must fix the client configuration;
 * the owners' connections are left alone. Cleared by the connector's next successful refresh. Each change is an
 * error log, a gauge ({@code conduit_connector_alarm}) and an event the catalog follows.
 */
final class ConnectorAlarms {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectorAlarms.class);

  private final EventBus eventBus;
  private final MeterRegistry registry;
  private final Map<String, AtomicInteger> states = new ConcurrentHashMap<>();

  ConnectorAlarms(EventBus eventBus, MeterRegistry registry) {
    this.eventBus = eventBus;
    this.registry = registry;
  }

  void raise(String connector, String errorCode) {
    if (state(connector).getAndSet(1) == 0) {
      LOG.atError().setMessage("the provider refuses this deployment's OAuth client; fix the client id/secret of"
              + " the connector (CONDUIT_CONNECTOR_<ID>_CLIENT_ID/_CLIENT_SECRET)")
          .addKeyValue("connector", connector).addKeyValue("error", errorCode).log();
      eventBus.publish(Addresses.CONNECTOR_ALARM, new ConnectorAlarm(connector, true, errorCode));
    }
  }

  void clear(String connector) {
    AtomicInteger state = states.get(connector);
    if (state != null && state.getAndSet(0) == 1) {
      LOG.atInfo().setMessage("the provider accepts this deployment's OAuth client again")
          .addKeyValue("connector", connector).log();
      eventBus.publish(Addresses.CONNECTOR_ALARM, new ConnectorAlarm(connector, false, null));
    }
  }

  private AtomicInteger state(String connector) {
    return states.computeIfAbsent(connector, c -> {
      AtomicInteger state = new AtomicInteger();
      Gauge.builder("conduit.connector.alarm", state, AtomicInteger::get)
          .description("1 while the provider refuses this deployment's OAuth client for the connector")
          .tag("connector", c)
          .register(registry);
      return state;
    });
  }
}
