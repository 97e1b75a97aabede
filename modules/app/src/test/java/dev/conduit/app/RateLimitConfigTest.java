package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.core.config.RateLimitOverride;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code refresh.rate-limits} is read into typed overrides once, at load; bad entries stop it, said clearly. */
class RateLimitConfigTest {

  @TempDir
  Path dir;

  @Test
  void entriesFromTheEnvironmentBecomeTypedOverrides() {
    assertThat(ConfigLoader.load(null, Map.of("CONDUIT_REFRESH_RATE_LIMITS", "github=1000/3600, slack=50/60"))
        .config().refresh().rateLimits())
        .containsExactly(new RateLimitOverride("github", 1000, 3600), new RateLimitOverride("slack", 50, 60));
  }

  @Test
  void aBadEntryNamesTheKeyWhereItWasSetAndTheExpectedForm() {
    assertThatThrownBy(() -> ConfigLoader.load(null, Map.of("CONDUIT_REFRESH_RATE_LIMITS", "github=1000/3600,slack")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("refresh.rate-limits[1] (set by CONDUIT_REFRESH_RATE_LIMITS): expected entries like"
            + " github=1000/3600 (connector=limit/periodSeconds), got 'slack'");
  }

  @Test
  void aBadEntryInAFileNamesTheFile() throws IOException {
    Path file = Files.writeString(dir.resolve("conduit.yaml"), "refresh:\n  rate-limits: [github=0/60]\n");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("refresh.rate-limits[0] (set by " + file + "): expected entries like github=1000/3600"
            + " (connector=limit/periodSeconds), got 'github=0/60'");
  }
}
