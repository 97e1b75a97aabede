package dev.conduit.core.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RefreshScheduleTest {

  private static final Instant NOW = Instant.parse("2026-11-22T10:00:00Z");
  private static final Duration LEAD = Duration.ofMinutes(5);

  @Test
  void aLongLivedTokenIsDueOneLeadBeforeItExpires() {
    assertThat(RefreshSchedule.refreshDueAt(NOW, NOW.plusSeconds(3600), LEAD, true))
        .isEqualTo(NOW.plusSeconds(3600 - 300));
  }

  @Test
  void aTokenShorterLivedThanTheLeadIsDueHalfwayThrough() {
    assertThat(RefreshSchedule.refreshDueAt(NOW, NOW.plusSeconds(60), LEAD, true)).isEqualTo(NOW.plusSeconds(30));
  }

  @Test
  void withoutARefreshTokenOrAnExpiryNothingIsDue() {
    assertThat(RefreshSchedule.refreshDueAt(NOW, NOW.plusSeconds(60), LEAD, false)).isNull();
    assertThat(RefreshSchedule.refreshDueAt(NOW, null, LEAD, true)).isNull();
  }

  @Test
  void anAlreadyExpiredTokenIsDueAtOnce() {
    assertThat(RefreshSchedule.refreshDueAt(NOW, NOW.minusSeconds(10), LEAD, true)).isEqualTo(NOW.minusSeconds(10));
  }
}
