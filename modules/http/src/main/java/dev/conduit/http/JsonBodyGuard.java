package dev.conduit.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.util.Locale;

/**
 * Checks a request body before anything reads it: it must be JSON in an accepted media type, syntactically
 * valid, without trailing content, and without a key repeated in one object (Vert.x would silently keep the
 * last value, so {@code {"owner":"a","owner":"b"}} could slip past validation). Error details give a position,
 * never a fragment of the body, which may hold a secret.
 */
final class JsonBodyGuard implements RequestCheck {

  private static final JsonFactory FACTORY = JsonFactory.builder()
      .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .build();

  @Override
  public void check(RoutingContext ctx) {
    Buffer body = ctx.body().buffer();
    if (body == null || body.length() == 0) {
      return;
    }
    if (!isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
      throw new ConduitException(ErrorCode.UNSUPPORTED_MEDIA_TYPE,
          "send the body as application/vnd.api+json or application/json");
    }
    String problem = syntaxProblem(body.getBytes());
    if (problem != null) {
      throw new ConduitException(ErrorCode.MALFORMED_JSON, problem);
    }
  }

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return mediaType.equals("application/json") || mediaType.equals(JsonApi.MEDIA_TYPE);
  }

  /** Null when the bytes are one well-formed JSON value without duplicate keys, else what is wrong and where. */
  static String syntaxProblem(byte[] json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() == null) {
        return "the body is empty";
      }
      parser.skipChildren();
      if (parser.nextToken() != null) {
        return "unexpected content after the JSON value" + at(parser.currentTokenLocation());
      }
      return null;
    } catch (JsonProcessingException e) {
      String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
          ? "a key appears twice in the same object"
          : "the body is not valid JSON";
      return what + at(e.getLocation());
    } catch (IOException e) {
      return "the body cannot be read as JSON";
    }
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
