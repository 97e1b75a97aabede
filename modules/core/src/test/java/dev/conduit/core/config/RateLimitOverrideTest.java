package dev.conduit.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RateLimitOverrideTest {

  @Test
  void readsConnectorLimitAndPeriod() {
    assertThat(RateLimitOverride.parse("github=1000/3600")).isEqualTo(new RateLimitOverride("github", 1000, 3600));
    assertThat(RateLimitOverride.parse("google-workspace=50/60"))
        .isEqualTo(new RateLimitOverride("google-workspace", 50, 60));
  }

  @Test
  void writesTheFormItReads() {
    assertThat(new RateLimitOverride("slack", 50, 60)).hasToString("slack=50/60");
  }

  @ParameterizedTest
  @NullSource
  @ValueSource(strings = {"", "github", "github=1000", "github=0/60", "github=10/0", "GitHub=1/1", "github=1/1/1",
      "github=-1/60", "github =1/60", "github=1234567890/60", "-github=1/60"})
  void refusesAnythingElseSayingWhatIsExpected(String text) {
    assertThatThrownBy(() -> RateLimitOverride.parse(text))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("expected entries like github=1000/3600 (connector=limit/periodSeconds), got '" + text + "'");
  }
}
