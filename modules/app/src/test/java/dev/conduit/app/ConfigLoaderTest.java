package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.core.config.ConduitConfig;
import dev.conduit.store.DatabaseUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {

  @TempDir
  Path dir;

  @Test
  void theShippedFileHoldsEveryDefault() {
    ConduitConfig config = ConfigLoader.load(null, Map.of()).config();

    assertThat(config.http().port()).isEqualTo(8080);
    assertThat(config.database().embedded()).isTrue();
    assertThat(config.database().embeddedDir()).isEqualTo(".conduit");
    assertThat(config.database().queryTimeout()).isEqualTo(DatabaseUrl.DEFAULT_QUERY_TIMEOUT);
    assertThat(config.auth().ownerClaim()).isEqualTo("sub");
    assertThat(config.auth().algorithms()).containsExactly("HS256", "RS256", "ES256");
    assertThat(config.refresh().lead()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.refresh().interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.webhooks().allowPrivateTargets()).isFalse();
    assertThat(config.webhooks().allowedPorts()).containsExactly(443);
    assertThat(config.webhooks().timeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.webhooks().retrySchedule()).hasSizeGreaterThanOrEqualTo(4)
        .first().isEqualTo(Duration.ofSeconds(30));
    assertThat(config.webhooks().retrySchedule().stream().reduce(Duration.ZERO, Duration::plus))
        .isGreaterThan(Duration.ofHours(1));
    assertThat(config.server().shutdownGrace()).isEqualTo(Duration.ofSeconds(30));
    assertThat(config.server().drainDelay()).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void theDrainDelayIsPartOfTheShutdownGrace() {
    assertThat(ConfigLoader.load(null, Map.of("CONDUIT_SERVER_DRAIN_DELAY", "0s")).config().server().drainDelay())
        .isZero();
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_SERVER_SHUTDOWN_GRACE", "10s",
        "CONDUIT_SERVER_DRAIN_DELAY", "10s")))
        .hasMessage("server.drain-delay (set by CONDUIT_SERVER_DRAIN_DELAY): must be shorter than"
            + " server.shutdown-grace (PT10S): the drain is part of the grace");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_SERVER_SHUTDOWN_GRACE", "PT0S")))
        .hasMessageStartingWith("server.shutdown-grace (set by CONDUIT_SERVER_SHUTDOWN_GRACE): expected a positive");
  }

  @Test
  void environmentVariablesOverrideByKeyPath() {
    ConduitConfig config = ConfigLoader.load(null, Map.of(
        "CONDUIT_HTTP_PORT", "9090",
        "CONDUIT_REFRESH_LEAD", "PT10M",
        "CONDUIT_REFRESH_BATCH_SIZE", "250",
        "CONDUIT_AUTH_OWNER_CLAIM", "tenant",
        "CONDUIT_AUTH_ALGORITHMS", "RS256, ES256",
        "CONDUIT_WEBHOOKS_ALLOW_INSECURE", "true",
        "CONDUIT_WEBHOOKS_ALLOWED_PORTS", "443, 8443",
        "CONDUIT_WEBHOOKS_RETRY_SCHEDULE", "PT1S,PT1M",
        "CONDUIT_DATABASE_URL", "postgresql://app:pw@db:5432/conduit")).config();

    assertThat(config.http().port()).isEqualTo(9090);
    assertThat(config.refresh().lead()).isEqualTo(Duration.ofMinutes(10));
    assertThat(config.refresh().batchSize()).isEqualTo(250);
    assertThat(config.auth().ownerClaim()).isEqualTo("tenant");
    assertThat(config.auth().algorithms()).containsExactly("RS256", "ES256");
    assertThat(config.webhooks().allowInsecure()).isTrue();
    assertThat(config.webhooks().allowedPorts()).containsExactly(443, 8443);
    assertThat(config.webhooks().retrySchedule()).containsExactly(Duration.ofSeconds(1), Duration.ofMinutes(1));
    assertThat(config.database().embedded()).isFalse();
  }

  @Test
  void theRedirectAllowListTakesOriginsOnly() {
    ConduitConfig config = ConfigLoader.load(null,
        Map.of("CONDUIT_OAUTH_REDIRECT_ALLOW_LIST", "https://app.example,http://localhost:3000")).config();
    assertThat(config.oauth().allowList().allows("https://app.example/settings?tab=1")).isTrue();
    assertThat(config.oauth().allowList().allows("http://localhost:3000/done")).isTrue();
    assertThat(config.oauth().allowList().allows("https://app.example.evil/")).isFalse();

    assertThatThrownBy(() -> ConfigLoader.load(null,
        Map.of("CONDUIT_OAUTH_REDIRECT_ALLOW_LIST", "https://app.example/settings")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("oauth.redirect-allow-list")
        .hasMessageContaining("expected only scheme://host[:port]");
  }

  @Test
  void aValueOfTheWrongTypeNamesTheKeyTheVariableAndTheExpectedForm() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("http.port (set by CONDUIT_HTTP_PORT): expected an integer, got 'eighty'");

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_REFRESH_LEAD", "5 minutes")))
        .hasMessage("refresh.lead (set by CONDUIT_REFRESH_LEAD): expected a duration such as 90s, 5m, 12h, 7d or"
            + " ISO-8601 PT5M, got '5 minutes'");

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_WEBHOOKS_ALLOW_INSECURE", "maybe")))
        .hasMessageStartingWith("webhooks.allow-insecure (set by CONDUIT_WEBHOOKS_ALLOW_INSECURE): expected true or false");
  }

  @Test
  void aValueOutOfRangeNamesTheKey() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_HTTP_PORT", "70000")))
        .hasMessage("http.port (set by CONDUIT_HTTP_PORT): expected an integer from 0 to 65535, got 70000");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_REFRESH_INTERVAL", "PT0S")))
        .hasMessageStartingWith("refresh.interval (set by CONDUIT_REFRESH_INTERVAL): expected a positive");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_HTTP_HEADER_TIMEOUT", "PT0S")))
        .hasMessageStartingWith("http.header-timeout (set by CONDUIT_HTTP_HEADER_TIMEOUT): expected a positive");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_HTTP_IDLE_TIMEOUT", "PT25H")))
        .hasMessage("http.idle-timeout (set by CONDUIT_HTTP_IDLE_TIMEOUT): expected at most a day (PT24H), got PT25H");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_DATABASE_QUERY_TIMEOUT", "PT0S")))
        .hasMessageStartingWith("database.query-timeout (set by CONDUIT_DATABASE_QUERY_TIMEOUT): expected a positive");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_HTTP_MAX_CONNECTIONS", "0")))
        .hasMessage("http.max-connections (set by CONDUIT_HTTP_MAX_CONNECTIONS): expected an integer from 1 to"
            + " 1000000, got 0");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_AUTH_ALGORITHMS", "HS256,none")))
        .hasMessageContaining("auth.algorithms (set by CONDUIT_AUTH_ALGORITHMS): 'none' is not accepted");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_WEBHOOKS_ALLOWED_PORTS", "443,0")))
        .hasMessageContaining("webhooks.allowed-ports (set by CONDUIT_WEBHOOKS_ALLOWED_PORTS): expected port numbers");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_WEBHOOKS_RETRY_SCHEDULE", "PT1S,PT0S")))
        .hasMessageContaining("webhooks.retry-schedule (set by CONDUIT_WEBHOOKS_RETRY_SCHEDULE): expected positive");
  }

  @Test
  void aShortSecretIsRefusedWithoutBeingShown() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_AUTH_HS256_SECRET", "hunter2")))
        .hasMessage("auth.hs256-secret (set by CONDUIT_AUTH_HS256_SECRET): must be at least 32 bytes long")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void anOverrideFileIsMergedAndEnvironmentWinsOverIt() throws IOException {
    Path file = dir.resolve("conduit.yaml");
    Files.writeString(file, "http:\n  port: 7070\n  instances: 3\nrefresh:\n  batch-size: 20\n");

    ConduitConfig config = ConfigLoader.load(file, Map.of("CONDUIT_HTTP_PORT", "6060")).config();

    assertThat(config.http().port()).isEqualTo(6060);
    assertThat(config.http().instances()).isEqualTo(3);
    assertThat(config.refresh().batchSize()).isEqualTo(20);
    assertThat(config.refresh().lead()).isEqualTo(Duration.ofMinutes(5));
  }

  @Test
  void theWebhookSecretOverlapIsADayByDefaultAndPositiveAndAtMostAWeek() {
    assertThat(ConfigLoader.load(null, Map.of()).config().webhooks().secretOverlap()).isEqualTo(Duration.ofHours(24));
    assertThat(ConfigLoader.load(null, Map.of("CONDUIT_WEBHOOKS_SECRET_OVERLAP", "7d")).config().webhooks()
        .secretOverlap()).isEqualTo(Duration.ofDays(7));

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_WEBHOOKS_SECRET_OVERLAP", "P8D")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("webhooks.secret-overlap (set by CONDUIT_WEBHOOKS_SECRET_OVERLAP): expected at most 7 days (P7D),"
            + " got PT192H");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_WEBHOOKS_SECRET_OVERLAP", "0s")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("webhooks.secret-overlap (set by CONDUIT_WEBHOOKS_SECRET_OVERLAP): expected a positive");
  }

  @Test
  void eventStreamsHaveHeartbeatsWithinTheIdleTimeoutAndABoundedCap() {
    ConduitConfig defaults = ConfigLoader.load(null, Map.of()).config();
    assertThat(defaults.events().heartbeatInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(defaults.events().maxStreamsPerOwner()).isEqualTo(10);

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_EVENTS_HEARTBEAT_INTERVAL", "30s")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("events.heartbeat-interval (set by CONDUIT_EVENTS_HEARTBEAT_INTERVAL): must be shorter than"
            + " http.idle-timeout (PT30S), or idle streams are closed between two heartbeats");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_EVENTS_MAX_STREAMS_PER_OWNER", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("events.max-streams-per-owner (set by CONDUIT_EVENTS_MAX_STREAMS_PER_OWNER): expected an integer"
            + " from 1 to 10000, got 0");
  }

  @Test
  void theProxyHasItsDocumentedDefaultsAndRefusesANonPositiveBodyLimit() {
    var proxy = ConfigLoader.load(null, Map.of()).config().proxy();
    assertThat(proxy.maxBody()).isEqualTo(100L * 1024 * 1024);
    assertThat(proxy.maxThrottleWait()).isEqualTo(Duration.ofSeconds(5));
    assertThat(ConfigLoader.load(null, Map.of("CONDUIT_PROXY_IDLE_TIMEOUT", "2s")).config().proxy().idleTimeout())
        .isEqualTo(Duration.ofSeconds(2));
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_PROXY_MAX_BODY", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("proxy.max-body (set by CONDUIT_PROXY_MAX_BODY): expected a positive number of bytes");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_PROXY_POOL_SIZE", "0")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("proxy.pool-size (set by CONDUIT_PROXY_POOL_SIZE)");
  }

  @Test
  void durationsAreAcceptedShortOrIsoInTheEnvironment() {
    ConduitConfig config = ConfigLoader.load(null, Map.of(
        "CONDUIT_REFRESH_LEAD", "5m",
        "CONDUIT_REFRESH_MAX_BACKOFF", "12h",
        "CONDUIT_REFRESH_INTERVAL", "PT5M",
        "CONDUIT_HTTP_IDLE_TIMEOUT", "90s",
        "CONDUIT_HTTP_HEADER_TIMEOUT", "1500ms",
        "CONDUIT_WEBHOOKS_RETENTION", "7d",
        "CONDUIT_WEBHOOKS_RETRY_SCHEDULE", "30s, PT5M, 2h")).config();

    assertThat(config.refresh().lead()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.refresh().maxBackoff()).isEqualTo(Duration.ofHours(12));
    assertThat(config.refresh().interval()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.http().idleTimeout()).isEqualTo(Duration.ofSeconds(90));
    assertThat(config.http().headerTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(config.webhooks().retention()).isEqualTo(Duration.ofDays(7));
    assertThat(config.webhooks().retrySchedule())
        .containsExactly(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofHours(2));
  }

  @Test
  void durationsAreAcceptedShortOrIsoInTheFile() throws IOException {
    Path file = dir.resolve("conduit.yaml");
    Files.writeString(file, "refresh:\n  lead: 5m\n  timeout: 20s\n  max-backoff: PT12H\n"
        + "auth:\n  clock-skew: 10s\nvault:\n  cache-ttl: 12h\nwebhooks:\n  retry-schedule: [10s, 5m, PT1H]\n");

    ConduitConfig config = ConfigLoader.load(file, Map.of()).config();

    assertThat(config.refresh().lead()).isEqualTo(Duration.ofMinutes(5));
    assertThat(config.refresh().timeout()).isEqualTo(Duration.ofSeconds(20));
    assertThat(config.refresh().maxBackoff()).isEqualTo(Duration.ofHours(12));
    assertThat(config.auth().clockSkew()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.vault().cacheTtl()).isEqualTo(Duration.ofHours(12));
    assertThat(config.webhooks().retrySchedule())
        .containsExactly(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(1));
  }

  @Test
  void anAmbiguousOrGarbledDurationIsRefusedNamingTheKey() throws IOException {
    String expected = "expected a duration such as 90s, 5m, 12h, 7d or ISO-8601 PT5M";
    // a bare number could count seconds or milliseconds, 5M minutes or months: refused, not guessed
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_REFRESH_LEAD", "300")))
        .hasMessage("refresh.lead (set by CONDUIT_REFRESH_LEAD): " + expected + ", got '300'");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_REFRESH_LEAD", "5M")))
        .hasMessage("refresh.lead (set by CONDUIT_REFRESH_LEAD): " + expected + ", got '5M'");
    for (String garbage : new String[] {"1.5h", "5 m", "-5m", "5mins", "m", "", "P", "PT", "99999999999999999d"}) {
      assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_HTTP_BODY_TIMEOUT", garbage)))
          .as(garbage)
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("http.body-timeout (set by CONDUIT_HTTP_BODY_TIMEOUT): expected");
    }
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_WEBHOOKS_RETRY_SCHEDULE", "30s,soon")))
        .hasMessage("webhooks.retry-schedule[1] (set by CONDUIT_WEBHOOKS_RETRY_SCHEDULE): " + expected
            + ", got 'soon'");

    Path file = dir.resolve("conduit.yaml");
    Files.writeString(file, "refresh:\n  lead: 300\n");
    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessage("refresh.lead (set by " + file + "): " + expected + ", got '300'");
  }

  @Test
  void anUnknownKeyInTheFileIsAnError() throws IOException {
    Path file = dir.resolve("conduit.yaml");
    Files.writeString(file, "http:\n  prot: 7070\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessage("unknown configuration key http.prot in " + file);
  }

  @Test
  void aWrongTypeInTheFileNamesTheFile() throws IOException {
    Path file = dir.resolve("conduit.yaml");
    Files.writeString(file, "database:\n  pool-size: [1, 2]\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .hasMessage("database.pool-size (set by " + file + "): expected an integer");
  }

  @Test
  void unknownConduitVariablesAreReportedNotSilentlyIgnored() {
    ConfigLoader.Loaded loaded = ConfigLoader.load(null, Map.of(
        "CONDUIT_HTTP_PROT", "1",
        "CONDUIT_CONNECTOR_GITHUB_CLIENT_ID", "x",
        "CONDUIT_LOG_LEVEL", "DEBUG"));

    assertThat(loaded.warnings()).containsExactly(
        "environment variable CONDUIT_HTTP_PROT matches no configuration key; ignored");
  }

  @Test
  void environmentNamesFollowTheKeyPath() {
    assertThat(ConfigLoader.environmentName("http.port")).isEqualTo("CONDUIT_HTTP_PORT");
    assertThat(ConfigLoader.environmentName("auth.hs256-secret")).isEqualTo("CONDUIT_AUTH_HS256_SECRET");
    assertThat(ConfigLoader.environmentName("webhooks.allow-private-targets"))
        .isEqualTo("CONDUIT_WEBHOOKS_ALLOW_PRIVATE_TARGETS");
  }

  @Test
  void perOwnerLimitsHaveDefaultsAndAllowAtLeastOne() {
    ConduitConfig config = ConfigLoader.load(null, Map.of()).config();

    assertThat(config.limits().connectionsPerOwner()).isEqualTo(10_000);
    assertThat(config.limits().webhooksPerOwner()).isEqualTo(100);
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_LIMITS_CONNECTIONS_PER_OWNER", "0")))
        .hasMessage("limits.connections-per-owner (set by CONDUIT_LIMITS_CONNECTIONS_PER_OWNER): expected an integer"
            + " from 1 to 1000000, got 0");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_LIMITS_WEBHOOKS_PER_OWNER", "-1")))
        .hasMessage("limits.webhooks-per-owner (set by CONDUIT_LIMITS_WEBHOOKS_PER_OWNER): expected an integer"
            + " from 1 to 100000, got -1");
  }

  @Test
  void connectSessionsHaveDefaultsAndChecks() {
    ConduitConfig config = ConfigLoader.load(null, Map.of()).config();

    assertThat(config.connect().sessionTtl()).isEqualTo(Duration.ofMinutes(30));
    assertThat(config.connect().frameAncestors()).isEqualTo("'none'");
    assertThat(ConfigLoader.load(null, Map.of("CONDUIT_CONNECT_FRAME_ANCESTORS", "'self' https://app.example")).config()
        .connect().frameAncestors()).isEqualTo("'self' https://app.example");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_CONNECT_FRAME_ANCESTORS", "*; script-src *")))
        .hasMessageStartingWith("connect.frame-ancestors (set by CONDUIT_CONNECT_FRAME_ANCESTORS): '*;' is not an"
            + " origin");
    assertThat(config.limits().pendingConnectSessionsPerOwner()).isEqualTo(1000);
    assertThat(ConfigLoader.load(null, Map.of("CONDUIT_CONNECT_SESSION_TTL", "2h")).config().connect().sessionTtl())
        .isEqualTo(Duration.ofHours(2));
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_CONNECT_SESSION_TTL", "2d")))
        .hasMessage("connect.session-ttl (set by CONDUIT_CONNECT_SESSION_TTL): expected at most a day (PT24H), got"
            + " PT48H");
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_LIMITS_PENDING_CONNECT_SESSIONS_PER_OWNER", "0")))
        .hasMessage("limits.pending-connect-sessions-per-owner (set by CONDUIT_LIMITS_PENDING_CONNECT_SESSIONS_PER_OWNER):"
            + " expected an integer from 1 to 1000000, got 0");
  }
}
