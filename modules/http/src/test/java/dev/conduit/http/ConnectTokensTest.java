package dev.conduit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.crypto.Digests;
import org.junit.jupiter.api.Test;

class ConnectTokensTest {

  @Test
  void tokensAreDistinctBase64UrlOf256Bits() {
    String token = Digests.newToken();
    assertThat(token).matches("[A-Za-z0-9_-]{43}").isNotEqualTo(Digests.newToken());
    assertThat(Digests.sha256(token)).hasSize(32).isEqualTo(Digests.sha256(token));
  }

  @Test
  void aLoggedPathNeverHoldsAConnectToken() {
    assertThat(ConnectTokens.redacted("/connect/abcDEF_123/credential")).isEqualTo("/connect/{token}/credential");
    assertThat(ConnectTokens.redacted("/connect/abcDEF_123")).isEqualTo("/connect/{token}");
    assertThat(ConnectTokens.redacted("/api/connections/42")).isEqualTo("/api/connections/42");
  }
}
