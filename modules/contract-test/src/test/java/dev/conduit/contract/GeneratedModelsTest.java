package dev.conduit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.conduit.client.model.ConnectorDocument;
import dev.conduit.client.model.SecretDocument;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * The generated client is only a drift detector if its models refuse what the document does not declare; this
 * pins that down, so a change of generator or options that makes them lenient fails here.
 */
class GeneratedModelsTest {

  private static final String CONNECTOR = """
      {"data":{"type":"connectors","id":"stripe","attributes":{"name":"Stripe","authType":"api_key",
      "categories":["finance"],"docsUrl":null,"rateLimit":{"limit":100,"periodSeconds":1,
      "published":true,"source":null},"configured":true},"links":{"self":"/api/connectors/stripe"}}}""";

  @Test
  void aDeclaredDocumentIsRead() throws IOException {
    assertThat(ConnectorDocument.fromJson(CONNECTOR).getData().getAttributes().getRateLimit().getLimit()).isEqualTo(100);
  }

  @Test
  void anUndeclaredFieldIsRefused() {
    assertThatThrownBy(() -> ConnectorDocument.fromJson(CONNECTOR.replace("\"published\":true",
        "\"published\":true,\"burst\":5"))).hasMessageContaining("burst");
    assertThatThrownBy(() -> ConnectorDocument.fromJson(CONNECTOR.replace("\"links\"", "\"meta\":{},\"links\"")))
        .hasMessageContaining("meta");
  }

  @Test
  void aMissingRequiredFieldIsRefused() {
    assertThatThrownBy(() -> ConnectorDocument.fromJson(CONNECTOR.replace("\"configured\":true", "\"x\":1")
        .replace(",\"x\":1", ""))).hasMessageContaining("configured");
  }

  @Test
  void aSecretOfOneKindWithAnotherKindsFieldIsRefused() {
    assertThatThrownBy(() -> SecretDocument.fromJson("""
        {"data":{"type":"secrets","id":"6f1c1c2e-8d6e-4a53-9a55-0b7f0c0f8e11","attributes":{"kind":"api_key",
        "apiKey":"k","apiSecret":null,"refreshToken":"r"}}}""")).isInstanceOf(Exception.class);
  }
}
