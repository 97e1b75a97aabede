package dev.conduit.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks a Standard Webhooks signature from the specification, independently of the library Conduit signs with:
 * HMAC-SHA256 keyed with the base64 part of {@code whsec_…}, over {@code id.timestamp.body}, against each
 * space-separated {@code v1,} entry of the header.
 */
final class SignatureCheck {

  private SignatureCheck() {
  }

  static boolean verifies(String secret, String id, String timestamp, String body, String header) {
    if (header == null || !secret.startsWith("whsec_")) {
      return false;
    }
    byte[] expected = Base64.getEncoder().encode(hmac(Base64.getDecoder().decode(secret.substring("whsec_".length())),
        id + "." + timestamp + "." + body));
    for (String entry : header.split(" ")) {
      if (entry.startsWith("v1,")
          && MessageDigest.isEqual(expected, entry.substring(3).getBytes(StandardCharsets.US_ASCII))) {
        return true;
      }
    }
    return false;
  }

  private static byte[] hmac(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(content.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
