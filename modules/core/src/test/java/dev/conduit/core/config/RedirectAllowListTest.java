package dev.conduit.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectAllowListTest {

  private final RedirectAllowList allowed = RedirectAllowList.of(List.of("https://app.example", "http://localhost:3000"));

  @ParameterizedTest
  @ValueSource(strings = {
      "https://app.example", "https://app.example/", "https://app.example/settings/integrations?tab=a",
      "https://APP.example/x", "HTTPS://app.example:443/x", "http://localhost:3000/done"})
  void urlsOnAnAllowedOriginAreAllowed(String url) {
    assertThat(allowed.allows(url)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "https://app.example.evil/", "https://evil.example/?next=https://app.example", "http://app.example/",
      "https://app.example:8443/", "https://user@app.example/", "https://app.example@evil.example/",
      "//app.example/", "/settings", "javascript:alert(1)", "https://app.example\\@evil.example/",
      "https://app.example/#fragment", "http://localhost:3001/", "https://app.example/\n", ""})
  void anythingElseIsRefused(String url) {
    assertThat(allowed.allows(url)).isFalse();
  }

  @Test
  void nullIsRefusedAndAnEmptyListAllowsNothing() {
    assertThat(allowed.allows(null)).isFalse();
    assertThat(RedirectAllowList.of(List.of()).allows("https://app.example/")).isFalse();
  }

  @Test
  void anEntryMustBeAnOrigin() {
    assertThat(RedirectAllowList.problemWithOrigin("https://app.example")).isEmpty();
    assertThat(RedirectAllowList.problemWithOrigin("http://localhost:3000")).isEmpty();
    assertThat(RedirectAllowList.problemWithOrigin("https://app.example/path")).get().asString()
        .contains("expected only scheme://host[:port]");
    assertThat(RedirectAllowList.problemWithOrigin("app.example")).get().asString().contains("is not an origin");
    assertThat(RedirectAllowList.problemWithOrigin("ftp://app.example")).isPresent();
    assertThatThrownBy(() -> RedirectAllowList.of(List.of("https://a.example?x=1")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
