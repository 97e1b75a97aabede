package dev.conduit.app;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * JWTs assembled byte by byte, so that a test controls exactly the header, the claims, the encoding and the key a
 * hostile token is made of (a JWT library would refuse to make most of them).
 */
final class HandMadeJwt {

  static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

  private HandMadeJwt() {
  }

  static String part(String json) {
    return URL.encodeToString(json.getBytes(StandardCharsets.UTF_8));
  }

  /** {@code header.claims.signature} with an HMAC-SHA256 signature under {@code key}. */
  static String hs256(String header, String claims, byte[] key) {
    String input = part(header) + "." + part(claims);
    return input + "." + URL.encodeToString(hmac(key, input));
  }

  /** Signs {@code signingInput} as it is (whatever its encoding) with HMAC-SHA256 and appends the signature. */
  static String hs256Signed(String signingInput, byte[] key) {
    return signingInput + "." + URL.encodeToString(hmac(key, signingInput));
  }

  /** {@code header.claims.signature} signed with {@code algorithm} (e.g. SHA256withRSA) under {@code key}. */
  static String signed(String header, String claims, String algorithm, PrivateKey key) {
    String input = part(header) + "." + part(claims);
    try {
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(key);
      signature.update(input.getBytes(StandardCharsets.US_ASCII));
      return input + "." + URL.encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] hmac(byte[] key, String input) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(input.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
