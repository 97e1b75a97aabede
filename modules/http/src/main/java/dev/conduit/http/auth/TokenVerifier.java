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
 * Verifies callers' JWTs and names their owner. vertx-auth-jwt checks signatures and time claims; this class
 * adds what it leaves out: an algorithm allow-list ({@code none} never), a required {@code exp}, a required
 * owner claim, and a guard against its fail-open mode — a provider holding no keys accepts unsigned tokens, so
 * every provider is probed with one before use. JWKS keys are refetched when a token names an unknown
 * {@code kid}; a failed refetch keeps the last good keys. One instance per event loop.
 */
public final class TokenVerifier {

  static final int MAX_TOKEN_LENGTH = 8192;
  /** Tokens whose verification is remembered (per event loop), so a client's repeated calls skip the crypto. */
  private static final int VERIFIED_CACHE_SIZE = 10_000;
  private static final int MAX_OWNER_LENGTH = 256;
  /** 9999-12-31T23:59:59Z in seconds: a later exp is no date, and in effect a token that never expires. */
  private static final double MAX_EXP = 253_402_300_799d;

  private final Vertx vertx;
  private final AuthConfig config;
  private final List<PubSecKeyOptions> configuredKeys;
  private final JwksSource jwks;
  private JWTAuth provider;
  private Set<String> knownKeyIds = Set.of();
  private final VerifiedTokens verified = new VerifiedTokens(VERIFIED_CACHE_SIZE);

  private TokenVerifier(Vertx vertx, AuthConfig config, List<PubSecKeyOptions> configuredKeys, JwksSource jwks) {
    this.vertx = vertx;
    this.config = config;
    this.configuredKeys = configuredKeys;
    this.jwks = jwks;
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
    String keyId = header.getString("kid");
    Future<Void> keysReady = jwks != null && keyId != null && !knownKeyIds.contains(keyId)
        ? jwks.refetch().compose(this::installIfUsable).recover(e -> Future.succeededFuture())
        : Future.succeededFuture();
    return keysReady
        .compose(v -> provider.authenticate(new TokenCredentials(token)))
        .recover(e -> Future.failedFuture(new AuthenticationFailure("signature or claims rejected: "
            + Redaction.without(e.getMessage(), token))))
        .map(user -> {
          String owner = owner(user);
          verified.remember(token, owner, claims(user).getLong("exp"));
          return owner;
        });
  }

  private JsonObject header(String token) {
    if (token.length() > MAX_TOKEN_LENGTH) {
      throw new AuthenticationFailure("token longer than " + MAX_TOKEN_LENGTH + " characters");
    }
    if (!isThreeBase64UrlParts(token)) {
      throw new AuthenticationFailure("not a signed JWT (three base64url parts)");
    }
    JsonObject header;
    try {
      header = new JsonObject(Buffer.buffer(Base64.getUrlDecoder().decode(token.substring(0, token.indexOf('.')))));
    } catch (RuntimeException e) {
      throw new AuthenticationFailure("the JWT header is not base64url JSON");
    }
    Object algorithm = header.getValue("alg");
    if (!(algorithm instanceof String alg) || !config.algorithms().contains(alg)) {
      throw new AuthenticationFailure("algorithm not accepted: " + (algorithm instanceof String ? algorithm : "none"));
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

  private String owner(User user) {
    JsonObject claims = claims(user);
    if (!(claims.getValue("exp") instanceof Number exp)) {
      throw new AuthenticationFailure("the token has no exp claim");
    }
    // vertx-auth-jwt compares exp as a double: 1e400 parses as Infinity, a token that never expires
    if (!(exp.doubleValue() >= 0 && exp.doubleValue() <= MAX_EXP)) {
      throw new AuthenticationFailure("the exp claim is not a date between 1970 and 9999");
    }
    Object owner = claims.getValue(config.ownerClaim());
    if (!(owner instanceof String name) || name.isBlank() || name.length() > MAX_OWNER_LENGTH
        || !OwnerNames.storable(name)) {
      throw new AuthenticationFailure("the token has no usable " + config.ownerClaim() + " claim");
    }
    return name;
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

  private JWTOptions jwtOptions() {
    JWTOptions options = new JWTOptions().setLeeway((int) config.clockSkew().toSeconds());
    if (config.issuer() != null && !config.issuer().isBlank()) {
      options.setIssuer(config.issuer());
    }
    if (config.audience() != null && !config.audience().isBlank()) {
      options.setAudience(List.of(config.audience()));
    }
    return options;
  }

  /** Removes every part of a token from a message before it is logged. */
  static final class Redaction {
    private Redaction() {
    }

    static String without(String message, String token) {
      if (message == null) {
        return "rejected";
      }
      String redacted = message;
      for (String part : token.split("\\.")) {
        if (part.length() >= 4) {
          redacted = redacted.replace(part, "(token)");
        }
      }
      return redacted.length() > 200 ? redacted.substring(0, 200) : redacted;
    }
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
