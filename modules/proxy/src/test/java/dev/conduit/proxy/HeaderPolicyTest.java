package dev.conduit.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

class HeaderPolicyTest {

  @Test
  void theCallersCredentialsAndTheHopsOwnHeadersStayBehind() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap()
        .add("Authorization", "Bearer conduit-jwt").add("Cookie", "s=1").add("Host", "conduit.example")
        .add("Forwarded", "for=1.2.3.4").add("X-Forwarded-For", "1.2.3.4").add("x-forwarded-proto", "https")
        .add("Connection", "keep-alive, X-Secret-Hop").add("X-Secret-Hop", "1").add("Keep-Alive", "timeout=5")
        .add("Transfer-Encoding", "chunked").add("TE", "trailers").add("Upgrade", "h2c").add("Expect", "100-continue")
        .add("Proxy-Authorization", "Basic x").add("Accept", "application/json").add("X-Custom", "a")
        .add("X-Custom", "b").add("Content-Length", "12");
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HeaderPolicy.copyRequestHeaders(in, out);
    assertThat(out.names()).containsExactlyInAnyOrder("Accept", "X-Custom", "Content-Length");
    assertThat(out.getAll("X-Custom")).containsExactly("a", "b");
  }

  @Test
  void theProvidersCookiesAndHopHeadersStayBehind() {
    MultiMap in = MultiMap.caseInsensitiveMultiMap()
        .add("Set-Cookie", "a=1").add("Set-Cookie", "b=2").add("Connection", "X-Hop").add("X-Hop", "1")
        .add("Transfer-Encoding", "chunked").add("Content-Type", "application/json").add("ETag", "\"v1\"")
        .add("X-RateLimit-Remaining", "4999");
    MultiMap out = MultiMap.caseInsensitiveMultiMap();
    HeaderPolicy.copyResponseHeaders(in, out);
    assertThat(out.names()).containsExactlyInAnyOrder("Content-Type", "ETag", "X-RateLimit-Remaining");
  }
}
