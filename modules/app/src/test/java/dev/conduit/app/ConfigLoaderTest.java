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
  void aValueOfTheWrongTypeNamesTheKeyTheVariableAndTheExpectedForm() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_HTTP_PORT", "eighty")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("http.port (set by CONDUIT_HTTP_PORT): expected an integer, got 'eighty'");

    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_REFRESH_LEAD", "5 minutes")))
        .hasMessageStartingWith("refresh.lead (set by CONDUIT_REFRESH_LEAD): expected an ISO-8601 duration");

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
}
