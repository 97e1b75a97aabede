package dev.conduit.refresh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.OAuthSettings;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9207: without an issuer in the catalog, {@code iss} must name the server of the connector's authorize URL. */
class IssuerCheckTest {

  private static Connector connector(String authorizeUrl) {
    return new Connector("p", "P", AuthType.OAUTH2, List.of(), null, new OAuthSettings(authorizeUrl,
        "https://login.example/token", null, null, null, List.of(), " ", true, null, null, null), null);
  }

  @Test
  void theAuthorizationServerOfTheAuthorizeUrlIsAccepted() {
    Connector tenantIssuer = connector("https://login.example/tenant-1/oauth2/authorize");
    assertThat(AuthorizationCodeFlow.sameAuthorizationServer("https://login.example/tenant-1", tenantIssuer)).isTrue();
    assertThat(AuthorizationCodeFlow.sameAuthorizationServer("https://login.example/tenant-1/", tenantIssuer))
        .isTrue();
    assertThat(AuthorizationCodeFlow.sameAuthorizationServer("https://login.example", tenantIssuer)).isTrue();
    assertThat(AuthorizationCodeFlow.sameAuthorizationServer("https://LOGIN.example:443",
        connector("https://login.example/authorize"))).isTrue();
  }

  @Test
  void anotherServerIsRefused() {
    Connector tenantIssuer = connector("https://login.example/tenant-1/oauth2/authorize");
    for (String other : new String[] {"https://evil.example/tenant-1", "http://login.example/tenant-1",
        "https://login.example:8443/tenant-1", "https://login.example/tenant-2", "https://login.example/tenant-10",
        "https://login.example.evil/tenant-1", "https://login.example/tenant-1?x=1", "not a url", ""}) {
      assertThat(AuthorizationCodeFlow.sameAuthorizationServer(other, tenantIssuer)).as(other).isFalse();
    }
  }
}
