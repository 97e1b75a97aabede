package dev.conduit.app;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Standard Webhooks verifier written from the specification alone, independent of the library Conduit signs
 * with: HMAC-SHA256 keyed with the base64-decoded part of {@code whsec_...}, over {@code id.timestamp.body},
 * compared in constant time against each space-separated {@code v1,} signature.
 */
final class SignatureVerifier {

  private SignatureVerifier() {
  }

  static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) {
    byte[] expected = Base64.getEncoder().encode(hmac(secret, id + "." + timestamp + "." + body));
    for (String signature : signatureHeader.split(" ")) {
      if (signature.startsWith("v1,") && MessageDigest.isEqual(expected,
          signature.substring(3).getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  private static byte[] hmac(String secret, String content) {
    if (!secret.startsWith("whsec_")) {
      throw new IllegalArgumentException("not a whsec_ secret");
    }
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(Base64.getDecoder().decode(secret.substring(6)), "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
