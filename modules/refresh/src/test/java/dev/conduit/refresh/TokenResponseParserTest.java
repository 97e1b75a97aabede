package dev.conduit.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.catalog.OAuthSettings;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenResponseParserTest {

  private static final OAuthSettings OAUTH = new OAuthSettings("https://p.example/authorize",
      "https://p.example/token", null, null, null, null, null, null, null, null, List.of("invalid_grant",
      "bad_refresh_token"));

  private static ExchangeOutcome parse(int status, String contentType, String body) {
    return TokenResponseParser.parse(status, contentType, null, Buffer.buffer(body), OAUTH);
  }

  private static TokenResponse success(ExchangeOutcome outcome) {
    assertThat(outcome).isInstanceOf(ExchangeOutcome.Success.class);
    return ((ExchangeOutcome.Success) outcome).tokens();
  }

  @Test
  void readsAStandardJsonAnswer() {
    TokenResponse tokens = success(parse(200, "application/json",
        "{\"access_token\":\"a\",\"refresh_token\":\"r\",\"expires_in\":3600,\"token_type\":\"bearer\","
            + "\"scope\":\"repo read:user\",\"unknown\":{\"nested\":true}}"));

    assertThat(tokens.accessToken()).isEqualTo("a");
    assertThat(tokens.refreshToken()).isEqualTo("r");
    assertThat(tokens.expiresIn()).isEqualTo(Duration.ofHours(1));
    assertThat(tokens.tokenType()).isEqualTo("Bearer");
    assertThat(tokens.scopes()).containsExactly("repo", "read:user");
  }

  @Test
  void readsAFormEncodedAnswer() {
    TokenResponse tokens = success(parse(200, "application/x-www-form-urlencoded",
        "access_token=a%2Bb&scope=repo%2Cgist&token_type=bearer&expires_in=28800"));

    assertThat(tokens.accessToken()).isEqualTo("a+b");
    assertThat(tokens.scopes()).containsExactly("repo", "gist");
    assertThat(tokens.expiresIn()).isEqualTo(Duration.ofHours(8));
    assertThat(tokens.refreshToken()).isNull();
  }

  @Test
  void takesExpiresInAsAStringButIgnoresAbsurdValues() {
    assertThat(TokenResponseParser.lifetime("3600")).isEqualTo(Duration.ofHours(1));
    assertThat(TokenResponseParser.lifetime(new java.math.BigDecimal("1e400"))).isNull();
    assertThat(TokenResponseParser.lifetime(new java.math.BigDecimal("99999999999999999999"))).isNull();
    assertThat(TokenResponseParser.lifetime("-1")).isNull();
    assertThat(TokenResponseParser.lifetime("0")).isNull();
    assertThat(TokenResponseParser.lifetime(new java.math.BigDecimal(400L * 24 * 3600))).isNull();
    assertThat(TokenResponseParser.lifetime("soon")).isNull();
    assertThat(success(parse(200, "application/json", "{\"access_token\":\"a\",\"expires_in\":1e400}")).expiresIn())
        .isNull();
  }

  @Test
  void scopesMayComeAsAnArray() {
    assertThat(success(parse(200, "application/json", "{\"access_token\":\"a\",\"scope\":[\"x\",\"y\"]}")).scopes())
        .containsExactly("x", "y");
  }

  @Test
  void anErrorInA200AnswerIsAnError() {
    assertThat(parse(200, "application/json", "{\"error\":\"bad_refresh_token\"}"))
        .isEqualTo(new ExchangeOutcome.DeadRefreshToken("bad_refresh_token"));
    assertThat(parse(200, "application/json", "{\"ok\":false,\"error\":\"invalid_grant\"}"))
        .isEqualTo(new ExchangeOutcome.DeadRefreshToken("invalid_grant"));
    assertThat(parse(200, "application/json", "{\"ok\":false}")).isInstanceOf(ExchangeOutcome.Transient.class);
  }

  @Test
  void classifiesErrorsByWhoIsAtFault() {
    assertThat(parse(400, "application/json", "{\"error\":\"invalid_grant\"}"))
        .isInstanceOf(ExchangeOutcome.DeadRefreshToken.class);
    assertThat(parse(401, "application/json", "{\"error\":\"invalid_client\"}"))
        .isEqualTo(new ExchangeOutcome.ClientRejected("invalid_client"));
    assertThat(parse(400, "application/json", "{\"error\":\"unsupported_grant_type\"}"))
        .isEqualTo(new ExchangeOutcome.ClientRejected("unsupported_grant_type"));
    assertThat(parse(400, "application/json", "{\"error\":\"invalid_request\"}"))
        .isInstanceOf(ExchangeOutcome.Transient.class);
  }

  @Test
  void everythingElseIsTransient() {
    assertThat(parse(500, "text/html", "<html>oops</html>")).isInstanceOf(ExchangeOutcome.Transient.class);
    assertThat(parse(200, "text/html", "<html>captive portal</html>")).isInstanceOf(ExchangeOutcome.Transient.class);
    assertThat(parse(200, "application/json", "")).isInstanceOf(ExchangeOutcome.Transient.class);
    assertThat(parse(200, "application/json", "{\"token_type\":\"bearer\"}")).isInstanceOf(ExchangeOutcome.Transient.class);
    assertThat(parse(302, "text/html", "")).isInstanceOf(ExchangeOutcome.Transient.class);
    assertThat(parse(200, "application/json", "{\"access_token\":\"a\",\"access_token\":\"b\"}"))
        .isInstanceOf(ExchangeOutcome.Transient.class);
  }

  @Test
  void honoursRetryAfterOn429() {
    ExchangeOutcome outcome = TokenResponseParser.parse(429, "application/json", "30", Buffer.buffer("{}"), OAUTH);

    assertThat(outcome).isEqualTo(new ExchangeOutcome.Transient("the provider is rate limiting (HTTP 429)",
        Duration.ofSeconds(30), false));
  }

  @Test
  void reasonsNeverQuoteTheProvidersBody() {
    ExchangeOutcome outcome = parse(400, "application/json", "{\"error\":\"secret gho_LEAK in an error\"}");

    assertThat(((ExchangeOutcome.Transient) outcome).reason()).doesNotContain("gho_LEAK");
  }

  @Test
  void fillsTenantPlaceholdersOnlyWithPlainValues() {
    assertThat(TokenExchanger.fill("https://{shop}.myshopify.com/admin/oauth/access_token",
        java.util.Map.of("shop", "acme-store"))).isEqualTo("https://acme-store.myshopify.com/admin/oauth/access_token");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> TokenExchanger.fill("https://{shop}.example.com/t",
        java.util.Map.of("shop", "evil.com/x?"))).hasMessageContaining("metadata.shop");
  }
}
