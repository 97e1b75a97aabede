package dev.conduit.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Checks a request body before anything reads it: it must be JSON in an accepted media type, strict UTF-8
 * without a byte order mark, syntactically valid, without trailing content, and without a key repeated in one
 * object (Vert.x would silently keep the last value, so {@code {"owner":"a","owner":"b"}} could slip past
 * validation). Every string and key must be storable and come back unchanged: no NUL (PostgreSQL text and jsonb
 * refuse it) and no lone surrogate (encoding it as UTF-8 turns it into {@code ?}, also inside a sealed secret);
 * every number must be finite as a double ({@code 1e400} would be stored as "Infinity"). Error details give a position or pointer, never a fragment
 * of the body, which may hold a secret.
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
    MediaTypes.requireJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE));
    byte[] bytes = body.getBytes();
    // Jackson skips a byte order mark silently; RFC 8259 forbids sending one, and this guard is strict elsewhere
    if (bytes.length >= 3 && bytes[0] == (byte) 0xEF && bytes[1] == (byte) 0xBB && bytes[2] == (byte) 0xBF) {
      throw new ConduitException(ErrorCode.MALFORMED_JSON, "the body starts with a byte order mark, which JSON "
          + "sent over a network must not have (RFC 8259, section 8.1)");
    }
    String encoding = utf8Problem(bytes);
    if (encoding != null) {
      throw new ConduitException(ErrorCode.MALFORMED_JSON, encoding);
    }
    String problem = syntaxProblem(bytes);
    if (problem != null) {
      throw new ConduitException(ErrorCode.MALFORMED_JSON, problem);
    }
  }

  /**
   * Null when the bytes are strict UTF-8, else where they are not. Java's decoder refuses what lenient ones let
   * through: overlong forms ({@code C0 AF} for {@code /}), encoded surrogates and truncated sequences.
   */
  static String utf8Problem(byte[] bytes) {
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(Math.min(bytes.length, 8192));
    // end of input is declared, so a sequence cut off at the end is an error too; overflow only means "more"
    for (CoderResult result = decoder.decode(in, out, true); !result.isUnderflow();
        result = decoder.decode(in, out, true)) {
      if (result.isError()) {
        return "the body is not valid UTF-8 (byte " + in.position() + ")";
      }
      out.clear();
    }
    return null;
  }

  /**
   * Null when the bytes are one well-formed JSON value without duplicate keys, else what is wrong and where; a
   * string or number that cannot be stored unchanged is refused with a pointer to it.
   */
  static String syntaxProblem(byte[] json) {
    try (JsonParser parser = FACTORY.createParser(json)) {
      if (parser.nextToken() == null) {
        return "the body is empty";
      }
      int depth = 0;
      do {
        JsonToken token = parser.currentToken();
        if (token.isStructStart()) {
          depth++;
        } else if (token.isStructEnd()) {
          depth--;
        } else {
          checkValue(parser, token);
        }
      } while (depth > 0 && parser.nextToken() != null);
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

  private static void checkValue(JsonParser parser, JsonToken token) throws IOException {
    switch (token) {
      case FIELD_NAME -> checkText(parser.currentName(), parser, "key");
      case VALUE_STRING -> checkText(parser.getText(), parser, "string");
      case VALUE_NUMBER_FLOAT -> {
        if (!Double.isFinite(parser.getDoubleValue())) {
          throw refused(parser, "a number beyond the range of a double (about 1.8e308) cannot be stored");
        }
      }
      default -> {
      }
    }
  }

  private static void checkText(String text, JsonParser parser, String what) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\u0000') {
        throw refused(parser, "the " + what + " contains a NUL character (\\u0000), which cannot be stored");
      }
      if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
        i++;
      } else if (Character.isSurrogate(c)) {
        // which surrogate is not said: the string may be a secret
        throw refused(parser, "the " + what + " contains a lone UTF-16 surrogate, which is not a Unicode character");
      }
    }
  }

  private static ConduitException refused(JsonParser parser, String detail) {
    String pointer = parser.getParsingContext().pathAsPointer().toString();
    return new ConduitException(ErrorCode.VALIDATION_FAILED, detail, pointer.isEmpty() ? null : pointer);
  }

  private static String at(JsonLocation location) {
    return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
  }
}
