package dev.conduit.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryRulesTest {

  private static final Duration FIVE = Duration.ofSeconds(5);

  @Test
  void aThrottledIdempotentReplayableCallIsRetriedOnceWhenTheWaitFits() {
    assertThat(RetryRules.throttledRetryWait(429, "2", HttpMethod.GET, true, false, FIVE)).hasSeconds(2);
    assertThat(RetryRules.throttledRetryWait(503, "0", HttpMethod.DELETE, true, false, FIVE)).isZero();
    assertThat(RetryRules.throttledRetryWait(429, "2", HttpMethod.PUT, true, true, FIVE)).isNull();
    assertThat(RetryRules.throttledRetryWait(429, "6", HttpMethod.GET, true, false, FIVE)).isNull();
    assertThat(RetryRules.throttledRetryWait(429, null, HttpMethod.GET, true, false, FIVE)).isNull();
    assertThat(RetryRules.throttledRetryWait(429, "1", HttpMethod.POST, true, false, FIVE)).isNull();
    assertThat(RetryRules.throttledRetryWait(429, "1", HttpMethod.PATCH, true, false, FIVE)).isNull();
    assertThat(RetryRules.throttledRetryWait(429, "1", HttpMethod.PUT, false, false, FIVE)).isNull();
    assertThat(RetryRules.throttledRetryWait(500, "1", HttpMethod.GET, true, false, FIVE)).isNull();
  }

  @Test
  void a401IsRefreshedOnceWhenTheBodyCanBeSentAgain() {
    assertThat(RetryRules.refreshAndRetry(401, true, false)).isTrue();
    assertThat(RetryRules.refreshAndRetry(401, true, true)).isFalse();
    assertThat(RetryRules.refreshAndRetry(401, false, false)).isFalse();
    assertThat(RetryRules.refreshAndRetry(403, true, false)).isFalse();
  }
}
