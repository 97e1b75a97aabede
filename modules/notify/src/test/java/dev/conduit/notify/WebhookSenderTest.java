package dev.conduit.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class WebhookSenderTest {

  @Test
  void failuresAreDescribedInWordsAnOwnerCanActOnWithoutInternals() {
    assertThat(WebhookSender.describe(new ConnectException("Connection refused: /10.0.0.1:443")))
        .isEqualTo("the connection was refused");
    assertThat(WebhookSender.describe(new IllegalStateException(new TimeoutException("x"))))
        .isEqualTo("timed out");
    assertThat(WebhookSender.describe(new SSLHandshakeException("PKIX path building failed")))
        .isEqualTo("the TLS handshake failed");
    assertThat(WebhookSender.describe(new IllegalArgumentException("secret-ish detail")))
        .isEqualTo("the request failed");
  }
}
