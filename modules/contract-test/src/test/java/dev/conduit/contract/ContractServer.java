package dev.conduit.contract;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.conduit.app.ConduitServer;
import dev.conduit.app.ConfigLoader;
import dev.conduit.store.DatabaseUrl;
import dev.conduit.store.TestDatabase;
import dev.conduit.vault.VaultKeys;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * One whole Conduit for the contract tests, on the shared test PostgreSQL and a loopback port, with a small
 * provider beside it: two OAuth connectors whose token endpoints answer {@code invalid_grant} (a dead refresh
 * token) and {@code 503} (a provider that is down), and a webhook receiver that answers 200. Configured like an
 * operator would, through {@code CONDUIT_*} variables.
 */
final class ContractServer implements AutoCloseable {

  static final String DEAD_CONNECTOR = "contract-dead";
  static final String DOWN_CONNECTOR = "contract-down";
  /** Its token endpoint gives tokens for any code: an OAuth callback that completes. */
  static final String OK_CONNECTOR = "contract-ok";
  /** An API-key connector whose API (for the proxy) is this provider's {@code /api}: 2 calls an hour per connection. */
  static final String API_CONNECTOR = "contract-api";
  /** Its API is on a port nobody listens on. */
  static final String UNREACHABLE_API_CONNECTOR = "contract-api-nowhere";
  /** Its API never answers while the server runs: the proxy gives up after {@link #PROXY_IDLE_TIMEOUT}. */
  static final String SILENT_API_CONNECTOR = "contract-api-silent";
  static final int PROXY_MAX_BODY = 1024;
  private static final Duration PROXY_IDLE_TIMEOUT = Duration.ofSeconds(1);
  /** The one origin {@code redirectAfter} may point at. */
  static final String APP_ORIGIN = "https://app.example";
  private static final String HS256_SECRET = "contract-test-secret-long-enough-for-hs256";

  final int port;
  private final HttpServer provider;
  private final ExecutorService providerThreads = Executors.newCachedThreadPool();
  /** Released when the server closes: until then the provider's {@code /silent} never answers. */
  private final CountDownLatch closing = new CountDownLatch(1);
  private final ConduitServer conduit;
  private final JWTAuth jwt;

  private ContractServer(Path connectors) {
    provider = startProvider();
    port = freePort();
    Map<String, String> environment = new HashMap<>();
    environment.put("CONDUIT_DATABASE_URL", databaseUrl(TestDatabase.url()));
    environment.put("CONDUIT_VAULT_KEYSET", VaultKeys.generate());
    environment.put("CONDUIT_AUTH_HS256_SECRET", HS256_SECRET);
    environment.put("CONDUIT_HTTP_HOST", "127.0.0.1");
    environment.put("CONDUIT_HTTP_PORT", Integer.toString(port));
    environment.put("CONDUIT_HTTP_INSTANCES", "1");
    // low, so that the contract test reaches the limit's 422 in a few calls
    environment.put("CONDUIT_LIMITS_API_KEYS_PER_OWNER", "3");
    environment.put("CONDUIT_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true");
    environment.put("CONDUIT_WEBHOOKS_ALLOW_INSECURE", "true");
    environment.put("CONDUIT_OAUTH_REDIRECT_ALLOW_LIST", "https://app.example");
    environment.put("CONDUIT_CONNECTORS_DIR", writeConnectors(connectors).toString());
    environment.put("CONDUIT_OAUTH_REDIRECT_ALLOW_LIST", APP_ORIGIN);
    environment.put("CONDUIT_PROXY_MAX_BODY", Integer.toString(PROXY_MAX_BODY));
    environment.put("CONDUIT_PROXY_IDLE_TIMEOUT", PROXY_IDLE_TIMEOUT.toString());
    for (String connector : new String[] {DEAD_CONNECTOR, DOWN_CONNECTOR, OK_CONNECTOR}) {
      String env = "CONDUIT_CONNECTOR_" + connector.toUpperCase().replace('-', '_');
      environment.put(env + "_CLIENT_ID", "contract-client");
      environment.put(env + "_CLIENT_SECRET", "contract-client-secret");
    }
    conduit = ConduitServer.start(ConfigLoader.load(null, environment).config(), environment);
    jwt = JWTAuth.create(conduit.vertx(), new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(HS256_SECRET)));
  }

  static ContractServer start() {
    try {
      return new ContractServer(Files.createTempDirectory("contract-connectors"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  /** An HS256 JWT for {@code owner}, signed with this server's secret, valid for an hour. */
  String token(String owner) {
    return jwt.generateToken(new JsonObject().put("sub", owner),
        new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(3600));
  }

  /** A webhook URL on the loopback receiver, which answers every delivery with 200. */
  String webhookUrl() {
    return providerUrl("/webhook");
  }

  @Override
  public void close() {
    closing.countDown();
    conduit.close();
    provider.stop(0);
    providerThreads.shutdownNow();
  }

  private String providerUrl(String path) {
    return "http://127.0.0.1:" + provider.getAddress().getPort() + path;
  }

  private HttpServer startProvider() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.setExecutor(providerThreads);
      server.createContext("/dead/token", exchange -> answer(exchange, 400,
          "{\"error\":\"invalid_grant\",\"error_description\":\"refresh token revoked\"}"));
      server.createContext("/down/token", exchange -> answer(exchange, 503, "{\"error\":\"temporarily_unavailable\"}"));
      server.createContext("/ok/token", exchange -> answer(exchange, 200,
          "{\"access_token\":\"at-contract\",\"token_type\":\"Bearer\",\"expires_in\":3600}"));
      server.createContext("/webhook", exchange -> answer(exchange, 200, "{}"));
      server.createContext("/api", exchange -> answer(exchange, 200, "{\"provider\":\"answered\"}"));
      server.createContext("/silent", exchange -> {
        try {
          // silent until the server closes (bounded, so a forgotten close cannot hang a thread for ever)
          closing.await(60, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        answer(exchange, 200, "{}");
      });
      server.start();
      return server;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void answer(HttpExchange exchange, int status, String body) throws IOException {
    exchange.getRequestBody().readAllBytes();
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json");
    exchange.sendResponseHeaders(status, bytes.length);
    exchange.getResponseBody().write(bytes);
    exchange.close();
  }

  private Path writeConnectors(Path dir) {
    write(dir, DEAD_CONNECTOR, "/dead/token");
    write(dir, DOWN_CONNECTOR, "/down/token");
    write(dir, OK_CONNECTOR, "/ok/token");
    writeApi(dir, API_CONNECTOR, providerUrl("/api"), 2);
    writeApi(dir, UNREACHABLE_API_CONNECTOR, "http://127.0.0.1:" + freePort(), 100);
    writeApi(dir, SILENT_API_CONNECTOR, providerUrl("/silent"), 100);
    return dir;
  }

  private void write(Path dir, String id, String tokenPath) {
    try {
      Files.writeString(dir.resolve(id + ".yaml"), """
          id: %s
          name: %s
          authType: oauth2
          categories: [dev-tools]
          docsUrl: https://docs.example.com
          oauth:
            authorizeUrl: %s
            tokenUrl: %s
            clientAuth: client_secret_post
          rateLimit:
            limit: 100
            periodSeconds: 1
            source: https://docs.example.com/limits
          """.formatted(id, id, providerUrl("/authorize"), providerUrl(tokenPath)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void writeApi(Path dir, String id, String baseUrl, int callsPerHour) {
    try {
      Files.writeString(dir.resolve(id + ".yaml"), """
          id: %s
          name: %s
          authType: api_key
          categories: [dev-tools]
          docsUrl: https://docs.example.com
          api:
            baseUrl: %s
            auth: header:X-Api-Key
          rateLimit:
            limit: %d
            periodSeconds: 3600
            source: https://docs.example.com/limits
          """.formatted(id, id, baseUrl, callsPerHour));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String databaseUrl(DatabaseUrl url) {
    var options = url.connectOptions();
    return "postgresql://" + options.getUser() + "@" + options.getHost() + ":" + options.getPort() + "/"
        + options.getDatabase();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
