package dev.conduit.http.auth;

import dev.conduit.core.config.AuthConfig;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Verifies callers' JWTs and names their owner. vertx-auth-jwt checks signatures; this class adds an algorithm
 * allow-list ({@code none} never), the claims checks of {@link TokenClaims} (time, issuer, audience, owner, each
 * refused with its own {@link TokenRefusal}), and a guard against vertx-auth-jwt's fail-open mode — a provider
 * holding no keys accepts unsigned tokens, so every provider is probed with one before use. JWKS keys are
 * refetched when a token names an unknown {@code kid}; a failed refetch keeps the last good keys. One instance
 * per event loop.
 */
public final class TokenVerifier {

  static final int MAX_TOKEN_LENGTH = 8192;
  /** Tokens whose verification is remembered (per event loop), so a client's repeated calls skip the crypto. */
  private static final int VERIFIED_CACHE_SIZE = 10_000;

  private final Vertx vertx;
  private final AuthConfig config;
  private final List<PubSecKeyOptions> configuredKeys;
  private final JwksSource jwks;
  private final TokenClaims claimChecks;
  private JWTAuth provider;
  private Set<String> knownKeyIds = Set.of();
  private final VerifiedTokens verified = new VerifiedTokens(VERIFIED_CACHE_SIZE);

  private TokenVerifier(Vertx vertx, AuthConfig config, List<PubSecKeyOptions> configuredKeys, JwksSource jwks) {
    this.vertx = vertx;
    this.config = config;
    this.configuredKeys = configuredKeys;
    this.jwks = jwks;
    this.claimChecks = new TokenClaims(config);
  }

  /** A verifier with at least one usable key, or a failed future saying why there is none. */
  public static Future<TokenVerifier> create(Vertx vertx, AuthConfig config, WebClient client) {
    List<PubSecKeyOptions> configured;
    try {
      configured = VerificationKeys.configured(config);
    } catch (IllegalArgumentException e) {
      return Future.failedFuture(e);
    }
    JwksSource jwks = config.jwksUrl() == null || config.jwksUrl().isBlank() ? null
        : new JwksSource(client, config.jwksUrl(), config.algorithms(), config.jwksRefetchInterval());
    TokenVerifier verifier = new TokenVerifier(vertx, config, configured, jwks);
    Future<List<JsonObject>> initialJwks = jwks == null ? Future.succeededFuture(List.of()) : jwks.fetch();
    return initialJwks.compose(verifier::install).map(verifier);
  }

  /** The owner the token speaks for; fails with {@link AuthenticationFailure}. */
  public Future<String> ownerOf(String token) {
    String remembered = verified.ownerOf(token, System.currentTimeMillis() / 1000);
    if (remembered != null) {
      return Future.succeededFuture(remembered);
    }
    JsonObject header;
    try {
      header = header(token);
    } catch (AuthenticationFailure e) {
      return Future.failedFuture(e);
    }
    // the signature is checked first: a token that does not verify is refused for that, whatever its claims say
    String keyId = header.getString("kid");
    Future<Void> keysReady = jwks != null && keyId != null && !knownKeyIds.contains(keyId)
        ? jwks.refetch().compose(this::installIfUsable).recover(e -> Future.succeededFuture())
        : Future.succeededFuture();
    return keysReady
        .compose(v -> provider.authenticate(new TokenCredentials(token)))
        .recover(e -> Future.failedFuture(new AuthenticationFailure(TokenRefusal.SIGNATURE)))
        .map(user -> {
          JsonObject claims = claims(user);
          String owner = claimChecks.owner(claims, System.currentTimeMillis() / 1000);
          verified.remember(token, owner, claims.getNumber("exp").longValue());
          return owner;
        });
  }

  private JsonObject header(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new AuthenticationFailure(TokenRefusal.TOO_LONG);
    }
    if (!isThreeBase64UrlParts(token)) {
      throw new AuthenticationFailure(TokenRefusal.MALFORMED);
    }
    int firstDot = token.indexOf('.');
    JsonObject header;
    try {
      header = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(0, firstDot))));
      // the payload is read here too, so that one that is not JSON is told apart from a bad signature
      new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(firstDot + 1,
          token.indexOf('.', firstDot + 1)))));
    } catch (RuntimeException e) {
      throw new AuthenticationFailure(TokenRefusal.UNREADABLE);
    }
    Object algorithm = header.getValue("alg");
    if (!(algorithm instanceof String alg) || !config.algorithms().contains(alg)) {
      throw new AuthenticationFailure(TokenRefusal.ALGORITHM);
    }
    return header;
  }

  /** Three non-empty base64url parts separated by dots (checked by hand: this runs on every request). */
  static boolean isThreeBase64UrlParts(String token) {
    int dots = 0;
    int partLength = 0;
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c == '.') {
        if (partLength == 0 || ++dots > 2) {
          return false;
        }
        partLength = 0;
      } else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_') {
        partLength++;
      } else {
        return false;
      }
    }
    return dots == 2 && partLength > 0;
  }

  /** The decoded claims: vertx-auth-jwt keeps them under "accessToken" (the principal lacks exp). */
  private static JsonObject claims(User user) {
    return user.attributes().getJsonObject("accessToken", new JsonObject());
  }

  private Future<Void> install(List<JsonObject> jwksKeys) {
    JWTAuthOptions options = new JWTAuthOptions()
        .setJWTOptions(jwtOptions())
        .setJwks(jwksKeys);
    configuredKeys.forEach(options::addPubSecKey);
    if (configuredKeys.isEmpty() && jwksKeys.isEmpty()) {
      return Future.failedFuture(new IllegalStateException(
          "no usable JWT verification key: set auth.hs256-secret, auth.public-key or auth.jwks-url"
              + (jwks == null ? "" : " (the JWKS at auth.jwks-url has no signing key for auth.algorithms)")));
    }
    JWTAuth candidate = JWTAuth.create(vertx, options);
    return UnsignedTokenProbe.rejectedBy(candidate).map(v -> {
      provider = candidate;
      // a token verified under the old keys must be verified again under the new ones
      verified.clear();
      knownKeyIds = jwksKeys.stream().map(k -> k.getString("kid")).filter(id -> id != null)
          .collect(Collectors.toUnmodifiableSet());
      return null;
    });
  }

  /** Replaces the keys only when the new set is usable; otherwise the last good set stays. */
  private Future<Void> installIfUsable(List<JsonObject> jwksKeys) {
    return jwksKeys.isEmpty() ? Future.succeededFuture() : install(jwksKeys);
  }

  /** Signatures only: {@link TokenClaims} checks time, issuer and audience, each with its own reason. */
  private static JWTOptions jwtOptions() {
    return new JWTOptions().setIgnoreExpiration(true);
  }

  /** Fails unless the provider refuses tokens without a signature, in both the two- and three-part forms. */
  static final class UnsignedTokenProbe {
    private UnsignedTokenProbe() {
    }

    static Future<Void> rejectedBy(JWTAuth candidate) {
      String header = encode("{\"alg\":\"none\",\"typ\":\"JWT\"}");
      String claims = encode("{\"sub\":\"probe\",\"exp\":" + (System.currentTimeMillis() / 1000 + 3600) + "}");
      return mustFail(candidate, header + "." + claims + ".")
          .compose(v -> mustFail(candidate, header + "." + claims));
    }

    private static Future<Void> mustFail(JWTAuth candidate, String token) {
      return candidate.authenticate(new TokenCredentials(token)).transform(result -> result.succeeded()
          ? Future.failedFuture(new IllegalStateException("the JWT verifier accepts unsigned tokens; refusing to use it"))
          : Future.succeededFuture());
    }

    private static String encode(String json) {
      return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
  }
}
