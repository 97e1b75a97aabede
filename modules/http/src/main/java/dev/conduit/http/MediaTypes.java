package dev.conduit.http;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import java.util.Locale;

/**
 * Which request Content-Types a body may have: {@code application/json}, or the JSON:API media type, which
 * JSON:API 1.1 allows only with the {@code ext} and {@code profile} parameters. Conduit supports no extension, so
 * {@code ext} gets 415 (as JSON:API requires), as does any parameter but {@code profile} (unknown profiles are
 * ignored, as the specification says) and {@code charset}: clients generated from the OpenAPI document send
 * {@code charset=utf-8}, so it is accepted when it names UTF-8, the only encoding a body is read in.
 */
final class MediaTypes {

  private static final String ACCEPTED = "send the body as application/vnd.api+json or application/json";

  private MediaTypes() {
  }

  static void requireJson(String contentType) {
    if (contentType == null) {
      throw unsupported(ACCEPTED);
    }
    String[] parts = contentType.split(";");
    String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
    boolean jsonApi = mediaType.equals(JsonApi.MEDIA_TYPE);
    if (!jsonApi && !mediaType.equals("application/json")) {
      throw unsupported(ACCEPTED);
    }
    for (int i = 1; i < parts.length; i++) {
      String[] parameter = parts[i].split("=", 2);
      String name = parameter[0].trim().toLowerCase(Locale.ROOT);
      String value = parameter.length < 2 ? "" : parameter[1].trim().replace("\"", "").toLowerCase(Locale.ROOT);
      if (name.equals("charset")) {
        if (!value.equals("utf-8")) {
          throw unsupported("a body is read as UTF-8 only: send charset=utf-8 or no charset");
        }
      } else if (jsonApi && name.equals("ext")) {
        throw unsupported("no JSON:API extension is supported: send " + JsonApi.MEDIA_TYPE + " without ext");
      } else if (jsonApi && !name.equals("profile") && !name.isEmpty()) {
        throw unsupported(JsonApi.MEDIA_TYPE + " takes no parameter other than profile and charset=utf-8");
      }
    }
  }

  private static ConduitException unsupported(String detail) {
    return new ConduitException(ErrorCode.UNSUPPORTED_MEDIA_TYPE, detail);
  }
}
