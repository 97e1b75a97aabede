package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;

/**
 * A real OAuth 2.0 authorization server on loopback (mock-oauth2-server) and the connector file that points
 * Conduit at it: connector {@code mockidp}, PKCE, {@code client_secret_post}, an extra authorize parameter.
 */
final class MockProvider implements AutoCloseable {

  static final String CONNECTOR = "mockidp";
  static final String ISSUER_ID = "conduit";
  /** The user's browser at the provider: it must not follow the provider's redirect (the tests look at it). */
  private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5)).build();

  private final MockOAuth2Server server;

  /** @param interactiveLogin whether the server shows its login form (for a browser) or answers at once */
  MockProvider(boolean interactiveLogin) {
    server = new MockOAuth2Server(new OAuth2Config(interactiveLogin));
    server.start(InetAddress.getLoopbackAddress(), 0);
    // its first token makes the server's signing key; done here, not inside a test's first code exchange
    server.issueToken(ISSUER_ID, "warm-up", "conduit", Map.of(), 60);
  }

  /** The issuer identifier as the server spells it (in {@code iss} claims). */
  String issuerUrl() {
    return server.issuerUrl(ISSUER_ID).toString();
  }

  /** The issuer identifier without a trailing slash, the base of the endpoints' URLs. */
  String issuer() {
    return issuerUrl().replaceAll("/$", "");
  }

  /** Writes {@code mockidp.yaml} into {@code dir} and returns what a Conduit needs to use it with {@code publicUrl}. */
  Map<String, String> environment(Path dir, int port) {
    try {
      Files.writeString(dir.resolve(CONNECTOR + ".yaml"), """
          id: mockidp
          name: Mock IdP
          authType: oauth2
          docsUrl: https://docs.example.com
          categories: [dev-tools]
          oauth:
            authorizeUrl: %s/authorize
            tokenUrl: %s/token
            defaultScopes: [openid, offline_access]
            scopeSeparator: " "
            pkce: true
            clientAuth: client_secret_post
            authorizeParams:
              access_type: offline
          rateLimit:
            limit: 100
            periodSeconds: 1
            source: https://docs.example.com/limits
          """.formatted(issuer(), issuer()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
    environment.put("CONDUIT_HTTP_PUBLIC_URL", "http://127.0.0.1:" + port);
    environment.put("CONDUIT_CONNECTORS_DIR", dir.toString());
    environment.put("CONDUIT_CONNECTOR_MOCKIDP_CLIENT_ID", "conduit-client");
    environment.put("CONDUIT_CONNECTOR_MOCKIDP_CLIENT_SECRET", "conduit-client-secret");
    // the server answers in milliseconds when idle, but a busy two-core machine can hold it up for seconds
    environment.put("CONDUIT_REFRESH_TIMEOUT", "PT60S");
    environment.put("CONDUIT_REFRESH_LEASE", "PT70S");
    return environment;
  }

  /** A whole Conduit that knows this provider as connector {@code mockidp}, with {@code more} environment. */
  TestConduit startConduit(Path connectorsDir, Map<String, String> more) {
    Map<String, String> environment = environment(connectorsDir, TestConduit.freePort());
    environment.putAll(more);
    return TestConduit.start(environment);
  }

  /**
   * The browser at the provider's authorize URL, without interactive login: the provider's redirect back to
   * {@code callback}, as a URL.
   */
  static String login(String authorizeUrl, URI callback) {
    try {
      HttpResponse<String> answer = BROWSER.send(HttpRequest.newBuilder(URI.create(authorizeUrl))
          .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(302);
      String location = answer.headers().firstValue("Location").orElseThrow();
      assertThat(location).startsWith(callback.toString());
      return location;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
  }
}
