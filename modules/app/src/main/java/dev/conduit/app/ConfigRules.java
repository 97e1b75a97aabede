package dev.conduit.app;

import dev.conduit.core.config.AuthConfig;
import dev.conduit.core.config.ConduitConfig;
import dev.conduit.core.config.ConnectConfig;
import dev.conduit.core.config.ProxyConfig;
import dev.conduit.core.config.RedirectAllowList;
import dev.conduit.core.config.ServerConfig;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The ranges and forms each configuration value must have beyond its type. The first broken rule stops
 * start-up; secrets are described, never echoed.
 */
final class ConfigRules {

  static final Set<String> SUPPORTED_ALGORITHMS =
      Set.of("HS256", "HS384", "HS512", "RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512");
  /** RFC 7518 §3.2: an HMAC key at least as long as the hash output. */
  static final int MIN_HS256_SECRET_BYTES = 32;

  private final UnaryOperator<String> origin;

  private ConfigRules(UnaryOperator<String> origin) {
    this.origin = origin;
  }

  /** @param origin turns a key into "key (set by ...)" for messages */
  static void check(ConduitConfig config, UnaryOperator<String> origin) {
    ConfigRules rules = new ConfigRules(origin);
    rules.range("http.port", config.http().port(), 0, 65_535);
    rules.range("http.instances", config.http().instances(), 0, 64);
    rules.notBlank("http.host", config.http().host());
    rules.optionalUrl("http.public-url", config.http().publicUrl());
    rules.atMostADay("http.idle-timeout", config.http().idleTimeout());
    rules.atMostADay("http.header-timeout", config.http().headerTimeout());
    rules.atMostADay("http.body-timeout", config.http().bodyTimeout());
    rules.range("http.max-connections", config.http().maxConnections(), 1, 1_000_000);
    rules.range("database.pool-size", config.database().poolSize(), 1, 200);
    rules.notBlank("database.embedded-dir", config.database().embeddedDir());
    rules.atMostADay("database.query-timeout", config.database().queryTimeout());
    rules.range("vault.cache-size", config.vault().cacheSize(), 0, 10_000_000);
    rules.positive("vault.cache-ttl", config.vault().cacheTtl());
    rules.auth(config.auth());
    rules.positive("refresh.lead", config.refresh().lead());
    rules.positive("refresh.interval", config.refresh().interval());
    rules.range("refresh.batch-size", config.refresh().batchSize(), 1, 10_000);
    rules.positive("refresh.timeout", config.refresh().timeout());
    rules.positive("refresh.lease", config.refresh().lease());
    rules.positive("refresh.max-throttle-wait", config.refresh().maxThrottleWait());
    rules.positive("refresh.default-token-lifetime", config.refresh().defaultTokenLifetime());
    rules.positive("refresh.max-backoff", config.refresh().maxBackoff());
    if (config.refresh().lease().compareTo(config.refresh().timeout().plus(config.refresh().maxThrottleWait())) <= 0) {
      rules.fail("refresh.lease", "must be longer than refresh.timeout plus refresh.max-throttle-wait, so a claim"
          + " outlives the call it covers");
    }
    if (config.webhooks().allowedPorts().stream().anyMatch(port -> port == null || port < 1 || port > 65_535)) {
      rules.fail("webhooks.allowed-ports", "expected port numbers from 1 to 65535, e.g. [443, 8443]");
    }
    rules.positive("webhooks.timeout", config.webhooks().timeout());
    rules.positive("webhooks.poll-interval", config.webhooks().pollInterval());
    rules.positive("webhooks.retention", config.webhooks().retention());
    rules.positive("webhooks.secret-overlap", config.webhooks().secretOverlap());
    if (config.webhooks().secretOverlap().compareTo(Duration.ofDays(7)) > 0) {
      // a replaced secret is for switching over, not a second key kept for ever
      rules.fail("webhooks.secret-overlap", "expected at most 7 days (P7D), got " + config.webhooks().secretOverlap());
    }
    rules.range("webhooks.batch-size", config.webhooks().batchSize(), 1, 10_000);
    if (config.webhooks().retrySchedule().stream().anyMatch(d -> d == null || d.isNegative() || d.isZero())) {
      rules.fail("webhooks.retry-schedule", "expected positive durations, e.g. [30s, 5m] or [PT30S, PT5M]");
    }
    // counted on each create (up to the limit): a limit in the millions would make every create a long scan
    rules.range("limits.connections-per-owner", config.limits().connectionsPerOwner(), 1, 1_000_000);
    rules.range("limits.webhooks-per-owner", config.limits().webhooksPerOwner(), 1, 100_000);
    rules.range("limits.pending-connect-sessions-per-owner", config.limits().pendingConnectSessionsPerOwner(), 1,
        1_000_000);
    rules.range("limits.api-keys-per-owner", config.limits().apiKeysPerOwner(), 1, 10_000);
    for (String allowed : config.oauth().redirectAllowList()) {
      RedirectAllowList.problemWithOrigin(allowed)
          .ifPresent(problem -> rules.fail("oauth.redirect-allow-list", problem));
    }
    rules.atMostADay("connect.session-ttl", config.connect().sessionTtl());
    ConnectConfig.problemWithFrameAncestors(config.connect().frameAncestors())
        .ifPresent(problem -> rules.fail("connect.frame-ancestors", problem));
    rules.server(config.server());
    rules.atMostADay("cluster.heartbeat-interval", config.cluster().heartbeatInterval());
    rules.positive("audit.retention", config.audit().retention());
    rules.positive("events.heartbeat-interval", config.events().heartbeatInterval());
    if (config.events().heartbeatInterval().compareTo(config.http().idleTimeout()) >= 0) {
      rules.fail("events.heartbeat-interval", "must be shorter than http.idle-timeout (" + config.http().idleTimeout()
          + "), or idle streams are closed between two heartbeats");
    }
    rules.range("events.max-streams-per-owner", config.events().maxStreamsPerOwner(), 1, 10_000);
    rules.proxy(config.proxy());
  }

  private void proxy(ProxyConfig proxy) {
    if (proxy.maxBody() < 1) {
      fail("proxy.max-body", "expected a positive number of bytes, e.g. 104857600 (100 MiB), got " + proxy.maxBody());
    }
    atMostADay("proxy.max-throttle-wait", proxy.maxThrottleWait());
    atMostADay("proxy.connect-timeout", proxy.connectTimeout());
    atMostADay("proxy.idle-timeout", proxy.idleTimeout());
    atMostADay("proxy.total-timeout", proxy.totalTimeout());
    range("proxy.pool-size", proxy.poolSize(), 1, 10_000);
  }

  /** The drain is part of the grace: a delay as long as the grace would leave no time for requests to finish. */
  private void server(ServerConfig server) {
    atMostADay("server.shutdown-grace", server.shutdownGrace());
    Duration drain = server.drainDelay();
    if (drain == null || drain.isNegative()) {
      fail("server.drain-delay", "expected a duration of 0 or more, such as 0s, 5s or PT5S");
    }
    if (drain.compareTo(server.shutdownGrace()) >= 0) {
      fail("server.drain-delay", "must be shorter than server.shutdown-grace (" + server.shutdownGrace()
          + "): the drain is part of the grace");
    }
  }

  private void auth(AuthConfig auth) {
    String secret = auth.hs256Secret();
    if (secret != null && !secret.isEmpty() && secret.getBytes(StandardCharsets.UTF_8).length < MIN_HS256_SECRET_BYTES) {
      fail("auth.hs256-secret", "must be at least " + MIN_HS256_SECRET_BYTES + " bytes long");
    }
    optionalUrl("auth.jwks-url", auth.jwksUrl());
    positive("auth.jwks-refetch-interval", auth.jwksRefetchInterval());
    notBlank("auth.owner-claim", auth.ownerClaim());
    if (auth.algorithms().isEmpty()) {
      fail("auth.algorithms", "expected at least one of " + String.join(", ", sorted(SUPPORTED_ALGORITHMS)));
    }
    for (String algorithm : auth.algorithms()) {
      if (!SUPPORTED_ALGORITHMS.contains(algorithm)) {
        fail("auth.algorithms", "'" + algorithm + "' is not accepted; expected some of "
            + String.join(", ", sorted(SUPPORTED_ALGORITHMS)));
      }
    }
    if (auth.clockSkew() == null || auth.clockSkew().isNegative() || auth.clockSkew().compareTo(Duration.ofMinutes(5)) > 0) {
      fail("auth.clock-skew", "expected a duration from 0s to 5m (PT0S to PT5M)");
    }
  }

  private static java.util.List<String> sorted(Set<String> values) {
    return values.stream().sorted().toList();
  }

  private void range(String key, int value, int min, int max) {
    if (value < min || value > max) {
      fail(key, "expected an integer from " + min + " to " + max + ", got " + value);
    }
  }

  private void positive(String key, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      fail(key, "expected a positive duration such as 30s, 5m or PT5M");
    }
  }

  /** A positive duration that a timer in milliseconds holds (the HTTP server's timeouts are ints). */
  private void atMostADay(String key, Duration value) {
    positive(key, value);
    if (value != null && value.compareTo(Duration.ofDays(1)) > 0) {
      fail(key, "expected at most a day (PT24H), got " + value);
    }
  }

  private void notBlank(String key, String value) {
    if (value == null || value.isBlank()) {
      fail(key, "must not be empty");
    }
  }

  private void optionalUrl(String key, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    try {
      URI uri = new URI(value);
      if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
        fail(key, "expected an absolute http(s) URL");
      }
    } catch (java.net.URISyntaxException e) {
      fail(key, "expected an absolute http(s) URL");
    }
  }

  private void fail(String key, String problem) {
    throw new ConfigException(origin.apply(key) + ": " + problem);
  }
}
