package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * Every way a bearer token can be wrong gets a 401 that says which (API.md: {@code WWW-Authenticate: Bearer
 * error="invalid_token", error_description="<reason>"} and the same reason as the JSON detail); the reason is
 * logged too, the token never is, nor quoted back.
 */
class AuthenticationTest {

  private static final Vertx VERTX = Vertx.vertx();

  @AfterAll
  static void closeVertx() {
    VERTX.close();
  }

  private static String hs(String algorithm, String secret, JsonObject claims, JWTOptions options) {
    JWTAuth signer = JWTAuth.create(VERTX, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(secret)));
    return signer.generateToken(claims, options.setAlgorithm(algorithm));
  }

  private static String base64(String json) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  private static void assertUnauthorized(TestConduit.Response response) {
    assertThat(response.status()).as(response.body()).isEqualTo(401);
    assertThat(response.header("WWW-Authenticate")).startsWith("Bearer error=\"invalid_token\", error_description=\"");
    assertThat(response.error().getString("code")).isEqualTo("unauthorized");
  }

  /** A 401 whose challenge and JSON detail both give this reason. */
  private static void assertUnauthorized(TestConduit.Response response, String reason) {
    assertUnauthorized(response);
    assertThat(response.header("WWW-Authenticate"))
        .isEqualTo("Bearer error=\"invalid_token\", error_description=\"" + reason + "\"");
    assertThat(response.error().getString("detail")).isEqualTo(reason);
  }

  /** A 401 with this reason that quotes no part of the token. */
  private static void assertUnauthorized(TestConduit.Response response, String reason, String token) {
    assertUnauthorized(response, reason);
    for (String part : token.split("\\.")) {
      if (part.length() >= 4) {
        assertThat(response.body()).doesNotContain(part);
        assertThat(response.header("WWW-Authenticate")).doesNotContain(part);
      }
    }
  }

  @Nested
  class WithASharedSecret {

    private static TestConduit conduit;

    @BeforeAll
    static void start() {
      conduit = TestConduit.start();
    }

    @AfterAll
    static void stop() {
      conduit.close();
    }

    private TestConduit.Response list(String authorization) {
      java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(conduit.uri("/api/connections"));
      if (authorization != null) {
        request.header("Authorization", authorization);
      }
      return conduit.send(request);
    }

    @Test
    void aValidTokenIsAccepted() {
      assertThat(list("Bearer " + TestConduit.token("alice")).status()).isEqualTo(200);
      assertThat(list("bearer " + TestConduit.token("alice")).status()).isEqualTo(200);
    }

    @Test
    void missingOrMalformedCredentialsAre401() {
      assertUnauthorized(list(null));
      assertUnauthorized(list("Bearer"));
      assertUnauthorized(list("Bearer "));
      assertUnauthorized(list("Basic YWxpY2U6c2VjcmV0"));
      assertUnauthorized(list("Bearer not-a-jwt"));
      assertUnauthorized(list("Bearer a.b.c"));
      assertUnauthorized(list("Bearer " + TestConduit.token("alice") + " " + TestConduit.token("bob")));
      // a header over Vert.x's 8 KiB limit is refused before it is read
      assertThat(list("Bearer " + "a".repeat(9000) + ".b.c").status()).isEqualTo(431);
    }

    @Test
    void expiredTokensAndTokensWithoutExpiryAre401() {
      String expired = hs("HS256", TestConduit.HS256_SECRET,
          new JsonObject().put("sub", "alice").put("exp", System.currentTimeMillis() / 1000 - 120), new JWTOptions());
      String noExpiry = hs("HS256", TestConduit.HS256_SECRET, new JsonObject().put("sub", "alice"), new JWTOptions());

      assertUnauthorized(list("Bearer " + expired));
      assertUnauthorized(list("Bearer " + noExpiry));
    }

    @Test
    void aWrongSignatureOrUnacceptedAlgorithmIs401() {
      JsonObject claims = new JsonObject().put("sub", "alice");
      JWTOptions hour = new JWTOptions().setExpiresInSeconds(3600);
      assertUnauthorized(list("Bearer " + hs("HS256", "some-other-secret-that-is-also-long-enough", claims, hour)));
      assertUnauthorized(list("Bearer " + hs("HS512", TestConduit.HS256_SECRET, claims.copy(), new JWTOptions()
          .setExpiresInSeconds(3600))));
      String valid = TestConduit.token("alice");
      String[] parts = valid.split("\\.");
      String tampered = parts[0] + "." + base64("{\"sub\":\"bob\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600)
          + "}") + "." + parts[2];
      assertUnauthorized(list("Bearer " + tampered));
    }

    @Test
    void unsignedTokensAreRefusedInEveryShape() {
      String header = base64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
      String claims = base64("{\"sub\":\"bob\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}");

      assertUnauthorized(list("Bearer " + header + "." + claims + "."));
      assertUnauthorized(list("Bearer " + header + "." + claims));
      assertUnauthorized(list("Bearer " + base64("{\"alg\":\"HS256\"}") + "." + claims + "."));
    }

    @Test
    void aTokenWithoutAnOwnerIs401() {
      String noSubject = hs("HS256", TestConduit.HS256_SECRET, new JsonObject().put("name", "alice"),
          new JWTOptions().setExpiresInSeconds(3600));

      assertUnauthorized(list("Bearer " + noSubject));
    }

    @Test
    void theReasonIsLoggedButNeverTheToken() {
      String expired = hs("HS256", TestConduit.HS256_SECRET,
          new JsonObject().put("sub", "alice").put("exp", System.currentTimeMillis() / 1000 - 120), new JWTOptions());
      String forged = hs("HS256", "some-other-secret-that-is-also-long-enough",
          new JsonObject().put("sub", "mallory"), new JWTOptions().setExpiresInSeconds(3600));
      try (LogCapture log = new LogCapture()) {
        list("Bearer " + expired);
        list("Bearer " + forged);
        list("Bearer " + "x".repeat(40) + ".y.z");

        assertThat(log.text()).contains("authentication refused").contains("expired");
        for (String token : List.of(expired, forged)) {
          for (String part : token.split("\\.")) {
            assertThat(log.text()).doesNotContain(part);
          }
        }
        assertThat(log.text()).doesNotContain("x".repeat(40));
      }
    }

    @Test
    void eachRefusalSaysWhyInTheChallengeAndTheDetail() {
      long now = System.currentTimeMillis() / 1000;
      JWTOptions none = new JWTOptions();
      String expired = hs("HS256", TestConduit.HS256_SECRET, new JsonObject().put("sub", "alice").put("exp", now - 120),
          none);
      String notYetValid = hs("HS256", TestConduit.HS256_SECRET, new JsonObject().put("sub", "alice")
          .put("exp", now + 3600).put("nbf", now + 600), none);
      String issuedLater = hs("HS256", TestConduit.HS256_SECRET, new JsonObject().put("sub", "alice")
          .put("exp", now + 3600).put("iat", now + 600), new JWTOptions().setNoTimestamp(true));
      String noExpiry = hs("HS256", TestConduit.HS256_SECRET, new JsonObject().put("sub", "alice"), none);
      String forged = hs("HS256", "some-other-secret-that-is-also-long-enough", new JsonObject().put("sub", "alice")
          .put("exp", now + 3600), none);
      String hs512 = hs("HS512", TestConduit.HS256_SECRET, new JsonObject().put("sub", "alice").put("exp", now + 3600),
          none);
      String noOwner = hs("HS256", TestConduit.HS256_SECRET, new JsonObject().put("name", "alice")
          .put("exp", now + 3600), none);
      String unsigned = base64("{\"alg\":\"none\"}") + "." + base64("{\"sub\":\"alice\",\"exp\":" + (now + 3600)
          + "}") + ".";
      String notJson = base64("{\"alg\":\"HS256\"}") + "." + base64("not json") + ".c2ln";

      assertUnauthorized(list(null),
          "the request has no Authorization header; send Authorization: Bearer followed by a token");
      assertUnauthorized(list("Basic YWxpY2U6c2VjcmV0"), "the Authorization header does not hold one Bearer token");
      assertUnauthorized(list("Bearer " + TestConduit.token("alice") + " " + TestConduit.token("bob")),
          "the Authorization header does not hold one Bearer token");
      assertUnauthorized(list("Bearer not-a-jwt"),
          "the token is not a signed JWT (three base64url parts separated by dots)", "not-a-jwt");
      assertUnauthorized(list("Bearer " + notJson), "the token's header or payload is not base64url-encoded JSON",
          notJson);
      assertUnauthorized(list("Bearer " + expired), "the token has expired", expired);
      assertUnauthorized(list("Bearer " + notYetValid), "the token is not valid yet (its nbf claim is in the future)",
          notYetValid);
      assertUnauthorized(list("Bearer " + issuedLater), "the token's issue time (iat) is in the future", issuedLater);
      assertUnauthorized(list("Bearer " + noExpiry), "the token has no exp claim; tokens must expire", noExpiry);
      assertUnauthorized(list("Bearer " + forged),
          "the token's signature does not verify with any key this server trusts", forged);
      assertUnauthorized(list("Bearer " + hs512),
          "the token is signed with an algorithm this server does not accept (auth.algorithms)", hs512);
      assertUnauthorized(list("Bearer " + unsigned),
          "the token is not a signed JWT (three base64url parts separated by dots)", unsigned);
      assertUnauthorized(list("Bearer " + noOwner), "the token has no usable owner claim (auth.owner-claim): "
          + "a non-blank string of at most 256 characters", noOwner);
    }

    @Test
    void publicEndpointsNeedNoToken() {
      assertThat(conduit.get("/api/connectors").status()).isEqualTo(200);
      assertThat(conduit.get("/health/ready").status()).isEqualTo(200);
    }
  }

  @Nested
  class WithIssuerAndAudience {

    @Test
    void tokensForAnotherIssuerOrAudienceAre401() {
      try (TestConduit conduit = TestConduit.start(Map.of(
          "CONDUIT_AUTH_ISSUER", "https://id.example", "CONDUIT_AUTH_AUDIENCE", "conduit"))) {
        String right = TokenCommand.mint(TestConduit.HS256_SECRET, "sub", "https://id.example", "conduit", "alice",
            Duration.ofHours(1));
        String wrongIssuer = TokenCommand.mint(TestConduit.HS256_SECRET, "sub", "https://id.example/", "conduit",
            "alice", Duration.ofHours(1));
        String wrongAudience = TokenCommand.mint(TestConduit.HS256_SECRET, "sub", "https://id.example", "other",
            "alice", Duration.ofHours(1));
        String none = TestConduit.token("alice");

        assertThat(conduit.call("GET", "/api/connections", right, null).status()).isEqualTo(200);
        String otherIssuer = "the token was issued by an issuer this server does not accept (iss)";
        assertUnauthorized(conduit.call("GET", "/api/connections", wrongIssuer, null), otherIssuer, wrongIssuer);
        assertUnauthorized(conduit.call("GET", "/api/connections", wrongAudience, null),
            "the token is meant for another audience (aud)", wrongAudience);
        assertUnauthorized(conduit.call("GET", "/api/connections", none, null), otherIssuer, none);
      }
    }

    @Test
    void theOwnerComesFromTheConfiguredClaim() {
      try (TestConduit conduit = TestConduit.start(Map.of("CONDUIT_AUTH_OWNER_CLAIM", "tenant"))) {
        String tenantToken = TokenCommand.mint(TestConduit.HS256_SECRET, "tenant", null, null, "acme",
            Duration.ofHours(1));
        String created = conduit.createConnection(tenantToken, "github");

        assertThat(conduit.call("GET", "/api/connections/" + created, tenantToken, null).status()).isEqualTo(200);
        assertUnauthorized(conduit.call("GET", "/api/connections", TestConduit.token("acme"), null));
      }
    }
  }

  @Nested
  class WithPublicKeys {

    private static KeyPair rsa(int bits) throws Exception {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      generator.initialize(bits);
      return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
      return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
          + "\n-----END " + type + "-----\n";
    }

    private static String rs256(KeyPair keys, String kid, String owner) {
      JWTAuth signer = JWTAuth.create(VERTX, new JWTAuthOptions().addPubSecKey(new PubSecKeyOptions()
          .setAlgorithm("RS256").setBuffer(pem("PRIVATE KEY", keys.getPrivate().getEncoded()))));
      JWTOptions options = new JWTOptions().setAlgorithm("RS256").setExpiresInSeconds(3600);
      if (kid != null) {
        options.setHeader(new JsonObject().put("kid", kid));
      }
      return signer.generateToken(new JsonObject().put("sub", owner), options);
    }

    private static JsonObject jwk(KeyPair keys, String kid, String use) {
      RSAPublicKey key = (RSAPublicKey) keys.getPublic();
      Base64.Encoder url = Base64.getUrlEncoder().withoutPadding();
      return new JsonObject().put("kty", "RSA").put("kid", kid).put("use", use).put("alg", "RS256")
          .put("n", url.encodeToString(unsigned(key.getModulus().toByteArray())))
          .put("e", url.encodeToString(unsigned(key.getPublicExponent().toByteArray())));
    }

    private static byte[] unsigned(byte[] bytes) {
      return bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static Map<String, String> withoutSecret(Map<String, String> extra) {
      Map<String, String> environment = new HashMap<>(extra);
      environment.put("CONDUIT_AUTH_HS256_SECRET", "");
      return environment;
    }

    @Test
    void verifiesRs256WithAConfiguredPublicKey() throws Exception {
      KeyPair keys = rsa(2048);
      try (TestConduit conduit = TestConduit.start(withoutSecret(Map.of(
          "CONDUIT_AUTH_PUBLIC_KEY", pem("PUBLIC KEY", keys.getPublic().getEncoded()))))) {
        assertThat(conduit.call("GET", "/api/connections", rs256(keys, null, "alice"), null).status()).isEqualTo(200);
        assertUnauthorized(conduit.call("GET", "/api/connections", rs256(rsa(2048), null, "alice"), null));
        // the HS256 secret is gone: a token signed with it must not pass as anything else
        assertUnauthorized(conduit.call("GET", "/api/connections", TestConduit.token("alice"), null));
      }
    }

    @Test
    void followsJwksRotationAndKeepsTheLastGoodKeysWhenTheJwksFails() throws Exception {
      KeyPair first = rsa(2048);
      KeyPair second = rsa(2048);
      AtomicReference<JsonObject> served = new AtomicReference<>(
          new JsonObject().put("keys", new JsonArray().add(jwk(first, "k1", "sig"))));
      AtomicInteger fetches = new AtomicInteger();
      AtomicInteger failWith = new AtomicInteger(0);
      HttpServer identityProvider = jwksServer(served, fetches, failWith);
      String jwksUrl = "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/jwks";
      try (TestConduit conduit = TestConduit.start(withoutSecret(Map.of(
          "CONDUIT_AUTH_JWKS_URL", jwksUrl, "CONDUIT_AUTH_JWKS_REFETCH_INTERVAL", "PT0.5S",
          "CONDUIT_HTTP_INSTANCES", "1")))) {
        assertThat(conduit.call("GET", "/api/connections", rs256(first, "k1", "alice"), null).status()).isEqualTo(200);
        int afterStart = fetches.get();

        served.set(new JsonObject().put("keys", new JsonArray().add(jwk(first, "k1", "sig")).add(jwk(second, "k2", "sig"))));
        // refused until a refetch is allowed again (one per interval), then accepted after exactly one refetch
        String signedWithK2 = rs256(second, "k2", "alice");
        Wait.patiently().until(() -> conduit.call("GET", "/api/connections", signedWithK2, null).status() == 200);
        assertThat(fetches.get()).isEqualTo(afterStart + 1);

        failWith.set(500);
        int beforeFailure = fetches.get();
        String unknownKey = rs256(rsa(2048), "k3", "alice");
        Wait.patiently().until(() -> {
          assertUnauthorized(conduit.call("GET", "/api/connections", unknownKey, null));
          return fetches.get() > beforeFailure;
        });
        assertThat(conduit.call("GET", "/api/connections", rs256(first, "k1", "alice"), null).status()).isEqualTo(200);
        assertThat(conduit.call("GET", "/api/connections", rs256(second, "k2", "alice"), null).status()).isEqualTo(200);

        int beforeFlood = fetches.get();
        long floodStarted = System.nanoTime();
        for (int i = 0; i < 20; i++) {
          conduit.call("GET", "/api/connections", rs256(second, "unknown-" + i, "alice"), null);
        }
        // one refetch per started interval at most, however long the flood took on a busy machine
        long intervals = Duration.ofNanos(System.nanoTime() - floodStarted).toMillis() / 500;
        assertThat(fetches.get() - beforeFlood).isLessThanOrEqualTo(1 + (int) intervals);
      } finally {
        identityProvider.stop(0);
      }
    }

    @Test
    void refusesToStartWithoutAUsableKey() throws Exception {
      AtomicReference<JsonObject> served = new AtomicReference<>(new JsonObject().put("keys",
          new JsonArray().add(jwk(rsa(2048), "enc-only", "enc"))));
      HttpServer identityProvider = jwksServer(served, new AtomicInteger(), new AtomicInteger());
      String jwksUrl = "http://127.0.0.1:" + identityProvider.getAddress().getPort() + "/jwks";
      try {
        assertThatThrownBy(() -> TestConduit.start(withoutSecret(Map.of("CONDUIT_AUTH_JWKS_URL", jwksUrl))))
            .isInstanceOf(StartupException.class)
            .hasMessageContaining("no usable JWT verification key");
      } finally {
        identityProvider.stop(0);
      }
    }

    private static HttpServer jwksServer(AtomicReference<JsonObject> served, AtomicInteger fetches,
        AtomicInteger failWith) throws IOException {
      HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      server.createContext("/jwks", exchange -> {
        fetches.incrementAndGet();
        byte[] body = served.get().encode().getBytes(StandardCharsets.UTF_8);
        int status = failWith.get() == 0 ? 200 : failWith.get();
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
      });
      server.start();
      return server;
    }
  }
}
