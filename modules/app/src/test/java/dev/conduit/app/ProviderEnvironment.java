package dev.conduit.app;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * The settings of a Conduit whose OAuth connectors point at a {@link FakeProvider}: {@code acme} (1000 refreshes a
 * second) and {@code slowco} (10 a second), each with a client id and secret.
 */
final class ProviderEnvironment {

  /** Characters that must be form-encoded before they go into HTTP Basic credentials (RFC 6749, 2.3.1). */
  static final String ACME_CLIENT_SECRET = "s3cr:t+%/ x";
  static final int SLOWCO_PER_SECOND = 10;
  /**
   * The longest a provider call may take: short, so tests that play a provider which never answers end soon,
   * but far above what a loopback answer takes on a loaded machine, so no ordinary answer is mistaken for one.
   */
  static final Duration REFRESH_TIMEOUT = Duration.ofSeconds(3);
  /** An answer delay that is sure to exceed {@link #REFRESH_TIMEOUT}: the provider that never answers in time. */
  static final long NO_ANSWER_IN_TIME_MILLIS = REFRESH_TIMEOUT.multipliedBy(2).toMillis();

  private ProviderEnvironment() {
  }

  /**
   * A mutable environment (add or replace entries as a test needs), with connector files written to
   * {@code connectorsDir} and the sweep running every {@code sweepInterval} (ISO-8601).
   */
  static Map<String, String> of(FakeProvider provider, Path connectorsDir, String sweepInterval) {
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_CONNECTORS_DIR",
        provider.connectors(connectorsDir, Map.of("acme", 1000, "slowco", SLOWCO_PER_SECOND)).toString());
    environment.put("CONDUIT_CONNECTOR_ACME_CLIENT_ID", "acme-client");
    environment.put("CONDUIT_CONNECTOR_ACME_CLIENT_SECRET", ACME_CLIENT_SECRET);
    environment.put("CONDUIT_CONNECTOR_SLOWCO_CLIENT_ID", "slow-client");
    environment.put("CONDUIT_CONNECTOR_SLOWCO_CLIENT_SECRET", "slow-secret");
    environment.put("CONDUIT_REFRESH_INTERVAL", sweepInterval);
    environment.put("CONDUIT_REFRESH_TIMEOUT", REFRESH_TIMEOUT.toString());
    environment.put("CONDUIT_REFRESH_MAX_THROTTLE_WAIT", "PT2S");
    // longer than the timeout plus the throttle wait, as the configuration rules require
    environment.put("CONDUIT_REFRESH_LEASE", "PT6S");
    return environment;
  }
}
