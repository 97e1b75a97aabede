package dev.conduit.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.http.OpenApiDocument;
import org.junit.jupiter.api.Test;

/** The checker itself: it must catch what the contract test relies on it to catch. */
class DocumentedResponsesTest {

  private static final String CONNECTOR = """
      {"data":{"type":"connectors","id":"stripe","attributes":{"name":"Stripe","authType":"api_key",
      "categories":["finance"],"docsUrl":"https://docs.stripe.com/keys","rateLimit":{"limit":100,"periodSeconds":1,
      "published":true,"source":"https://docs.stripe.com/rate-limits"},"configured":true},
      "links":{"self":"/api/connectors/stripe"}}}""";

  private final DocumentedResponses document = new DocumentedResponses(OpenApiDocument.fromClasspath().json());

  @Test
  void aDeclaredResponseMatches() {
    assertThat(document.mismatch("getConnector", 200, "application/vnd.api+json", CONNECTOR)).isNull();
  }

  @Test
  void anUndeclaredFieldIsCaught() {
    String extra = CONNECTOR.replace("\"configured\":true", "\"configured\":true,\"clientSecret\":\"s\"");
    assertThat(document.mismatch("getConnector", 200, "application/vnd.api+json", extra)).contains("clientSecret");
  }

  @Test
  void anUndeclaredNestedFieldIsCaught() {
    String extra = CONNECTOR.replace("\"published\":true", "\"published\":true,\"burst\":10");
    assertThat(document.mismatch("getConnector", 200, "application/vnd.api+json", extra)).contains("burst");
  }

  @Test
  void anUndeclaredStatusIsCaught() {
    assertThat(document.mismatch("getConnector", 418, "application/vnd.api+json", CONNECTOR)).contains("418");
  }

  @Test
  void anUndeclaredMediaTypeIsCaught() {
    assertThat(document.mismatch("getConnector", 200, "application/json", CONNECTOR)).contains("application/json");
  }

  @Test
  void aMissingRequiredHeaderIsCaught() {
    String secret = "{\"data\":{\"type\":\"secrets\",\"id\":\"6f1c1c2e-8d6e-4a53-9a55-0b7f0c0f8e11\","
        + "\"attributes\":{\"kind\":\"api_key\",\"apiKey\":\"k\",\"apiSecret\":null}}}";
    assertThat(document.mismatch("vend", 200, name -> switch (name.toLowerCase()) {
      case "content-type" -> "application/vnd.api+json";
      case "cache-control" -> "no-store";
      case "x-request-id" -> "req-1";
      default -> null;
    }, secret)).isNull();
    assertThat(document.mismatch("vend", 200, name -> switch (name.toLowerCase()) {
      case "content-type" -> "application/vnd.api+json";
      case "x-request-id" -> "req-1";
      default -> null;
    }, secret)).contains("Cache-Control");
    assertThat(document.mismatch("getConnector", 200,
        name -> name.equalsIgnoreCase("Content-Type") ? "application/vnd.api+json" : null, CONNECTOR))
        .contains("X-Request-Id");
  }

  @Test
  void aBodyWhereNoneIsDeclaredIsCaught() {
    assertThat(document.mismatch("deleteConnection", 204, (String) null, "{}")).isNotNull();
  }
}
