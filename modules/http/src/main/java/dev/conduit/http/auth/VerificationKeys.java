package dev.conduit.http.auth;

import dev.conduit.core.config.AuthConfig;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Turns the configured key sources into keys for vertx-auth-jwt, and filters a JWKS down to the keys that may
 * verify signatures here. Anything unusable is refused loudly rather than skipped, because a verifier left
 * with no keys would accept unsigned tokens.
 */
final class VerificationKeys {

  private static final Set<String> RSA_ALGORITHMS = Set.of("RS256", "RS384", "RS512", "PS256", "PS384", "PS512");

  private VerificationKeys() {
  }

  /** The HS256 secret and the PEM public key (its text, already read from a file if one was named). */
  static List<PubSecKeyOptions> configured(AuthConfig auth) {
    List<PubSecKeyOptions> keys = new ArrayList<>();
    if (isSet(auth.hs256Secret())) {
      if (!auth.algorithms().contains("HS256")) {
        throw new IllegalArgumentException("auth.hs256-secret is set but HS256 is not in auth.algorithms");
      }
      keys.add(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(auth.hs256Secret()));
    }
    if (isSet(auth.publicKey())) {
      keys.addAll(publicKey(auth.publicKey().strip(), auth.algorithms()));
    }
    return keys;
  }

  /**
   * The signing keys of a JWKS this server may use: {@code use} absent or {@code sig}, type RSA or EC, and an
   * algorithm (given, or implied by the key) that is allowed.
   */
  static List<JsonObject> usableJwks(JsonObject jwks, List<String> algorithms) {
    List<JsonObject> usable = new ArrayList<>();
    if (jwks == null || jwks.getJsonArray("keys") == null) {
      return usable;
    }
    for (Object entry : jwks.getJsonArray("keys")) {
      if (!(entry instanceof JsonObject key)) {
        continue;
      }
      String use = key.getString("use");
      String algorithm = key.getString("alg", impliedAlgorithm(key));
      if ((use == null || use.equals("sig")) && algorithm != null && algorithms.contains(algorithm)) {
        usable.add(key.copy().put("alg", algorithm));
      }
    }
    return usable;
  }

  private static String impliedAlgorithm(JsonObject key) {
    String type = key.getString("kty");
    if ("RSA".equals(type)) {
      return "RS256";
    }
    if ("EC".equals(type)) {
      return switch (key.getString("crv", "")) {
        case "P-256" -> "ES256";
        case "P-384" -> "ES384";
        case "P-521" -> "ES512";
        default -> null;
      };
    }
    return null;
  }

  private static List<PubSecKeyOptions> publicKey(String pem, List<String> algorithms) {
    PublicKey key = parse(pem);
    List<PubSecKeyOptions> keys = new ArrayList<>();
    if (key instanceof RSAPublicKey) {
      algorithms.stream().filter(RSA_ALGORITHMS::contains)
          .forEach(algorithm -> keys.add(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem)));
    } else if (key instanceof ECPublicKey ec) {
      int bits = ec.getParams().getCurve().getField().getFieldSize();
      String algorithm = bits == 256 ? "ES256" : bits == 384 ? "ES384" : bits == 521 ? "ES512" : null;
      if (algorithm != null && algorithms.contains(algorithm)) {
        keys.add(new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(pem));
      }
    }
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("auth.public-key is not an RSA or EC key for any of auth.algorithms");
    }
    return keys;
  }

  private static PublicKey parse(String pem) {
    String body = pem.replace("-----BEGIN PUBLIC KEY-----", "").replace("-----END PUBLIC KEY-----", "")
        .replaceAll("\\s", "");
    byte[] der;
    try {
      der = Base64.getDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("auth.public-key is not a PEM public key (BEGIN PUBLIC KEY)");
    }
    for (String type : List.of("RSA", "EC")) {
      try {
        return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
      } catch (java.security.GeneralSecurityException notThisType) {
        // try the next key type
      }
    }
    throw new IllegalArgumentException("auth.public-key is not an RSA or EC public key");
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }
}
