package dev.conduit.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which request paths go to the proxy (their bodies are left unread for it) and which do not. */
class ProxyPathTest {

  @ParameterizedTest
  @ValueSource(strings = {"/api/connections/abc/proxy", "/api/connections/abc/proxy/", "/api/connections/abc/proxy/user",
      "/api/connections/abc/proxy/repos/a/b?x=1", "/api/connections/x/proxy//double"})
  void proxyPaths(String path) {
    assertThat(ProxyHandlers.isProxyPath(path)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"/api/connections", "/api/connections/", "/api/connections//proxy", "/api/connections/abc",
      "/api/connections/abc/proxyx", "/api/connections/abc/vend", "/api/connections/abc/def/proxy",
      "/api/connections/abc/prox", "/api/connectionsx/abc/proxy", "/api/webhooks/abc/proxy", "/"})
  void otherPaths(String path) {
    assertThat(ProxyHandlers.isProxyPath(path)).isFalse();
  }
}
