package dev.conduit.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TargetUrlTest {

  @Test
  void thePathAndQueryAreAppendedAsSent() {
    assertThat(TargetUrl.of("https://api.acme.example/v2", "repos/octo%20cat/issues", "state=open&x=%2F"))
        .isEqualTo("https://api.acme.example/v2/repos/octo%20cat/issues?state=open&x=%2F");
    assertThat(TargetUrl.of("https://api.acme.example/", "", null)).isEqualTo("https://api.acme.example/");
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", "a/../b", "a/%2e%2E/b", "./a", "a/%2E", "a%2Fb", "a%5Cb", "%zz"})
  void aPathThatCouldLeaveTheBaseUrlIsRefused(String path) {
    assertThatThrownBy(() -> TargetUrl.of("https://api.acme.example/v2/{account}", path, null))
        .isInstanceOfSatisfying(ConduitException.class,
            e -> assertThat(e.code()).isEqualTo(ErrorCode.VALIDATION_FAILED));
  }
}
