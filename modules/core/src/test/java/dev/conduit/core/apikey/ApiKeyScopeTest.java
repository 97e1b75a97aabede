package dev.conduit.core.apikey;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeyScopeTest {

  @Test
  void scopesTravelUnderTheNamesApiMdGives() {
    assertThat(ApiKeyScope.values()).extracting(ApiKeyScope::wireName).containsExactly("connections:read",
        "connections:write", "credentials:vend", "webhooks:manage", "events:read", "audit:read");
    assertThat(ApiKeyScope.fromWireName("audit:read")).isEqualTo(ApiKeyScope.AUDIT_READ);
    assertThat(ApiKeyScope.fromWireName("AUDIT:READ")).isNull();
  }
}
