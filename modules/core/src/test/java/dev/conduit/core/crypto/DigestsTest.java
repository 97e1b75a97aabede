package dev.conduit.core.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.HexFormat;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DigestsTest {

  @Test
  void sha256MatchesTheStandardVector() {
    // FIPS 180-2, appendix B.1
    assertThat(HexFormat.of().formatHex(Digests.sha256("abc")))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void aCspSourceIsTheQuotedBase64OfTheSha256() {
    assertThat(Digests.cspSource("abc")).isEqualTo("'sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0='");
  }

  @Test
  void tokensAre256BitsOfBase64UrlAndDoNotRepeat() {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 1000; i++) {
      String token = Digests.newToken();
      assertThat(token).matches("[A-Za-z0-9_-]{43}");
      assertThat(seen.add(token)).isTrue();
    }
  }

  @Test
  void pkceChallengeOfTheRfcExample() {
    // RFC 7636 appendix B
    String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
    assertThat(Digests.base64Url(Digests.sha256(verifier))).isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
  }
}
