package dev.conduit.refresh;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.conduit.core.catalog.OAuthSettings;
import dev.conduit.core.lifecycle.RetryAfter;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a token endpoint's answer the way real providers send it, trusting none of it: JSON or form-encoded,
 * errors in 200 answers (GitHub) or {@code "ok": false} (Slack), {@code expires_in} as a number or a string
 * (and ignored when absurd), scopes as a space- or comma-separated string or an array, unknown fields ignored,
 * a repeated key refused. Reasons it writes are its own words, never quotes from the body.
 */
final class TokenResponseParser {

  /** Codes that say our OAuth client (not the owner's grant) is at fault. */
  private static final Set<String> CLIENT_ERRORS = Set.of("invalid_client", "unauthorized_client",
      "unsupported_grant_type");
  private static final Duration LONGEST_LIFETIME = Duration.ofDays(366);
  private static final int MAX_TOKEN_LENGTH = 16_384;
  /** Duplicate keys refused; numbers read as decimals, so 1e400 is a huge number rather than Infinity. */
  private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build())
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .build();

  private TokenResponseParser() {
  }

  static ExchangeOutcome parse(int status, String contentType, String retryAfter, Buffer body, OAuthSettings oauth) {
    Duration wait = RetryAfter.parse(retryAfter, Instant.now());
    if (status == 429) {
      return new ExchangeOutcome.Transient("the provider is rate limiting (HTTP 429)", wait, false);
    }
    if (status >= 500) {
      return new ExchangeOutcome.Transient("the provider failed (HTTP " + status + ")", wait, false);
    }
    if (status >= 300 && status < 400) {
      return new ExchangeOutcome.Transient("the provider redirected (HTTP " + status + "); redirects are not followed",
          null, false);
    }
    Map<String, Object> fields = fields(contentType, body);
    if (fields == null) {
      return new ExchangeOutcome.Transient("the provider's answer (HTTP " + status + ") is not JSON or form data",
          wait, status < 300);
    }
    String error = error(fields);
    if (error != null) {
      return classify(error, status, oauth, wait);
    }
    if (status >= 400) {
      return new ExchangeOutcome.Transient("the provider answered HTTP " + status + " without an error code", wait,
          false);
    }
    String accessToken = text(fields.get("access_token"));
    if (accessToken == null || accessToken.length() > MAX_TOKEN_LENGTH) {
      return new ExchangeOutcome.Transient("the provider's answer has no usable access_token", null, true);
    }
    String refreshToken = text(fields.get("refresh_token"));
    String tokenType = text(fields.get("token_type"));
    return new ExchangeOutcome.Success(new TokenResponse(accessToken,
        refreshToken == null || refreshToken.length() > MAX_TOKEN_LENGTH ? null : refreshToken,
        tokenType == null || tokenType.equalsIgnoreCase("bearer") ? "Bearer" : tokenType,
        lifetime(fields.get("expires_in")), scopes(fields.get("scope"))));
  }

  private static ExchangeOutcome classify(String error, int status, OAuthSettings oauth, Duration wait) {
    if (oauth.reauthErrors().contains(error)) {
      return new ExchangeOutcome.DeadRefreshToken(error);
    }
    if (CLIENT_ERRORS.contains(error)) {
      return new ExchangeOutcome.ClientRejected(error);
    }
    return new ExchangeOutcome.Transient("the provider answered error " + safe(error) + " (HTTP " + status + ")",
        wait, false);
  }

  /** The error code of an answer: {@code error}, or Slack's {@code ok: false}. */
  private static String error(Map<String, Object> fields) {
    String error = text(fields.get("error"));
    if (error != null) {
      return error;
    }
    if (Boolean.FALSE.equals(fields.get("ok")) || "false".equals(fields.get("ok"))) {
      return "unknown_error";
    }
    return null;
  }

  private static Map<String, Object> fields(String contentType, Buffer body) {
    String type = contentType == null ? "" : contentType.toLowerCase(Locale.ROOT);
    String text = body.toString(StandardCharsets.UTF_8).strip();
    if (type.contains("application/x-www-form-urlencoded") || (!type.contains("json") && !text.startsWith("{")
        && text.contains("="))) {
      return form(text);
    }
    try {
      JsonNode node = JSON.readTree(text);
      if (node == null || !node.isObject()) {
        return null;
      }
      Map<String, Object> fields = new HashMap<>();
      node.fields().forEachRemaining(entry -> fields.put(entry.getKey(), value(entry.getValue())));
      return fields;
    } catch (IOException e) {
      return null;
    }
  }

  private static Object value(JsonNode node) {
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isNumber()) {
      try {
        return node.decimalValue();
      } catch (NumberFormatException notFinite) {
        return null;
      }
    }
    if (node.isArray()) {
      List<Object> items = new ArrayList<>();
      node.forEach(item -> items.add(value(item)));
      return items;
    }
    return null;
  }

  private static Map<String, Object> form(String text) {
    Map<String, Object> fields = new HashMap<>();
    for (String pair : text.split("&")) {
      int equals = pair.indexOf('=');
      if (equals <= 0) {
        continue;
      }
      String key = URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8);
      if (fields.put(key, URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8)) != null) {
        return null;
      }
    }
    return fields.isEmpty() ? null : fields;
  }

  private static String text(Object value) {
    return value instanceof String text && !text.isBlank() ? text : null;
  }

  /** {@code expires_in} as seconds (number or numeric string); null when missing, not a number, or absurd. */
  static Duration lifetime(Object value) {
    BigDecimal seconds;
    try {
      if (value instanceof BigDecimal number) {
        seconds = number;
      } else if (value instanceof String text) {
        seconds = new BigDecimal(text.strip());
      } else {
        return null;
      }
    } catch (NumberFormatException e) {
      return null;
    }
    if (seconds.signum() <= 0 || seconds.compareTo(BigDecimal.valueOf(LONGEST_LIFETIME.toSeconds())) > 0) {
      return null;
    }
    return Duration.ofSeconds(seconds.longValue());
  }

  private static List<String> scopes(Object value) {
    if (value instanceof String text) {
      List<String> scopes = new ArrayList<>();
      for (String scope : text.split("[ ,]+")) {
        if (!scope.isBlank()) {
          scopes.add(scope);
        }
      }
      return scopes;
    }
    if (value instanceof List<?> list) {
      return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }
    return null;
  }

  /** An error code fit for our logs: short and plain, or nothing. */
  private static String safe(String code) {
    return code.length() <= 64 && code.matches("[A-Za-z0-9_.-]+") ? code : "(unreadable)";
  }
}
