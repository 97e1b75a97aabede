package dev.conduit.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.catalog.ApiAuth;
import dev.conduit.core.connection.VendedSecret;
import io.vertx.core.MultiMap;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CredentialPlacementTest {

  private static final VendedSecret TOKEN = new VendedSecret.OAuth(UUID.randomUUID(), "acme", "at-1", "Bearer", null,
      List.of());
  private static final VendedSecret KEY = new VendedSecret.ApiKey(UUID.randomUUID(), "acme", "k&y=1", null);

  @Test
  void eachAuthPutsTheCredentialInItsOnePlaceReplacingTheCallers() {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("X-Api-Key", "caller's");
    String url = "https://api.acme.example/v1/x?a=1";
    assertThat(CredentialPlacement.apply(new ApiAuth.Header("X-Api-Key"), KEY, headers, url)).isEqualTo(url);
    assertThat(headers.getAll("X-Api-Key")).containsExactly("k&y=1");

    headers = MultiMap.caseInsensitiveMultiMap();
    CredentialPlacement.apply(new ApiAuth.Bearer(), TOKEN, headers, url);
    assertThat(headers.get("Authorization")).isEqualTo("Bearer at-1");

    headers = MultiMap.caseInsensitiveMultiMap();
    assertThat(CredentialPlacement.apply(new ApiAuth.Query("key"), KEY, headers, url + "&key=callers&b=2"))
        .isEqualTo("https://api.acme.example/v1/x?a=1&b=2&key=k%26y%3D1");
    assertThat(headers.isEmpty()).isTrue();
    assertThat(CredentialPlacement.apply(new ApiAuth.Query("key"), KEY, headers, "https://h.example/x"))
        .isEqualTo("https://h.example/x?key=k%26y%3D1");

    headers = MultiMap.caseInsensitiveMultiMap();
    CredentialPlacement.apply(new ApiAuth.Basic(), new VendedSecret.Basic(UUID.randomUUID(), "acme", "ann", "p:w"),
        headers, url);
    assertThat(headers.get("Authorization")).isEqualTo("Basic YW5uOnA6dw==");
  }
}
