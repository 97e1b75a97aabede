package dev.conduit.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How the proxy puts a connection's credential on a call to the provider's API, written in a connector file as
 * {@code bearer}, {@code header:<Name>}, {@code query:<param>} or {@code basic}.
 */
public sealed interface ApiAuth {

  /** An HTTP header name (RFC 9110 token). */
  Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  /** A query parameter name that needs no escaping. */
  Pattern PARAMETER_NAME = Pattern.compile("[A-Za-z0-9_.-]+");
  /** Headers the proxy itself owns (framing, routing, cookies); a credential never goes into one of them. */
  Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection", "keep-alive",
      "upgrade", "te", "trailer", "proxy-authorization", "cookie", "set-cookie");

  /** {@code Authorization: Bearer <token>}. */
  record Bearer() implements ApiAuth {
    @Override
    public String text() {
      return "bearer";
    }
  }

  /** The credential as the whole value of header {@code name} (e.g. {@code x-api-key}). */
  record Header(String name) implements ApiAuth {
    @Override
    public String text() {
      return "header:" + name;
    }
  }

  /** The credential as query parameter {@code name}. */
  record Query(String name) implements ApiAuth {
    @Override
    public String text() {
      return "query:" + name;
    }
  }

  /** {@code Authorization: Basic} from the connection's username and password. */
  record Basic() implements ApiAuth {
    @Override
    public String text() {
      return "basic";
    }
  }

  /** As written in a connector file. */
  @JsonValue
  String text();

  /**
   * @throws IllegalArgumentException saying what is accepted, when {@code text} is none of the four forms
   */
  @JsonCreator
  static ApiAuth parse(String text) {
    if ("bearer".equals(text)) {
      return new Bearer();
    }
    if ("basic".equals(text)) {
      return new Basic();
    }
    if (text != null && text.startsWith("header:")) {
      String name = text.substring("header:".length());
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("expected a header name after 'header:', got '" + text + "'");
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException("the proxy owns the " + name + " header; name another one");
      }
      return new Header(name);
    }
    if (text != null && text.startsWith("query:")) {
      String name = text.substring("query:".length());
      if (!PARAMETER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("expected a parameter name (letters, digits, '_', '.', '-') after"
            + " 'query:', got '" + text + "'");
      }
      return new Query(name);
    }
    throw new IllegalArgumentException("expected bearer, header:<Name>, query:<param> or basic, got '" + text + "'");
  }
}
