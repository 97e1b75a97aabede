package dev.conduit.core.catalog;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** The semantic rules a connector file must follow beyond its shape; each problem names its field. */
final class ConnectorRules {

  static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern SCOPE = Pattern.compile("\\S+");
  /** Authorize parameters Conduit sets itself; a connector file may not replace them. */
  private static final Set<String> RESERVED_AUTHORIZE_PARAMS = Set.of(
      "response_type", "client_id", "redirect_uri", "state", "scope", "code_challenge", "code_challenge_method");
  private static final int MAX_NAME_LENGTH = 100;

  private final List<String> problems = new ArrayList<>();

  private ConnectorRules() {
  }

  /** Every rule the connector breaks, as "field: problem" lines; empty when it is valid. */
  static List<String> check(Connector connector, String expectedId) {
    ConnectorRules rules = new ConnectorRules();
    rules.checkIdentity(connector, expectedId);
    rules.checkOAuth(connector);
    rules.checkApi(connector);
    rules.checkPlaceholders(connector);
    rules.checkRateLimit(connector.rateLimit());
    return rules.problems;
  }

  private void checkIdentity(Connector c, String expectedId) {
    if (c.id() == null) {
      missing("id");
    } else if (!ID.matcher(c.id()).matches()) {
      problem("id", "expected lower-case letters, digits and single hyphens, got '" + c.id() + "'");
    } else if (!c.id().equals(expectedId)) {
      problem("id", "must equal the file name '" + expectedId + "', got '" + c.id() + "'");
    }
    if (c.name() == null || c.name().isBlank()) {
      missing("name");
    } else if (c.name().length() > MAX_NAME_LENGTH) {
      problem("name", "at most " + MAX_NAME_LENGTH + " characters");
    }
    if (c.authType() == null) {
      missing("authType");
    }
    for (int i = 0; i < c.categories().size(); i++) {
      if (c.categories().get(i) == null) {
        missing("categories[" + i + "]");
      } else if (c.categories().indexOf(c.categories().get(i)) < i) {
        problem("categories[" + i + "]", "'" + c.categories().get(i) + "' is listed twice");
      }
    }
    url("docsUrl", c.docsUrl(), true);
    shownAsIs("docsUrl", c.docsUrl());
    if (c.rateLimit() != null) {
      shownAsIs("rateLimit.source", c.rateLimit().source());
    }
  }

  /** A link shown to people is never filled from metadata, so a placeholder in it would stay a broken link. */
  private void shownAsIs(String field, String url) {
    if (url != null && !UrlTemplate.names(url).isEmpty()) {
      problem(field, "is shown as it is and cannot hold {placeholders}");
    }
  }

  private void checkOAuth(Connector c) {
    OAuthSettings oauth = c.oauth();
    if (c.authType() != AuthType.OAUTH2) {
      if (oauth != null) {
        problem("oauth", "only connectors with authType oauth2 have an oauth section");
      }
      return;
    }
    if (oauth == null) {
      missing("oauth");
      return;
    }
    url("oauth.authorizeUrl", oauth.authorizeUrl(), true);
    url("oauth.tokenUrl", oauth.tokenUrl(), true);
    url("oauth.refreshUrl", oauth.refreshUrl(), false);
    url("oauth.revokeUrl", oauth.revokeUrl(), false);
    for (int i = 0; i < oauth.defaultScopes().size(); i++) {
      String scope = oauth.defaultScopes().get(i);
      if (scope == null || !SCOPE.matcher(scope).matches()) {
        problem("oauth.defaultScopes[" + i + "]", "a scope is a non-empty word without spaces");
      }
    }
    if (oauth.scopeSeparator().isEmpty()) {
      problem("oauth.scopeSeparator", "must not be empty");
    }
    oauth.authorizeParams().forEach((name, value) -> {
      if (RESERVED_AUTHORIZE_PARAMS.contains(name)) {
        problem("oauth.authorizeParams." + name, "is set by Conduit and cannot be overridden");
      } else if (value == null) {
        problem("oauth.authorizeParams." + name, "expected a string value");
      }
    });
    if (oauth.reauthErrors().isEmpty() || oauth.reauthErrors().stream().anyMatch(e -> e == null || e.isBlank())) {
      problem("oauth.reauthErrors", "expected a non-empty list of error codes");
    }
  }

  private void checkApi(Connector c) {
    ApiSettings api = c.api();
    if (api == null) {
      return;
    }
    if (api.baseUrl() == null) {
      missing("api.baseUrl");
    } else {
      String problem = ApiBaseUrl.problem(api.baseUrl());
      if (problem != null) {
        problem("api.baseUrl", problem);
      }
    }
    if (c.authType() == null) {
      return;
    }
    if (api.auth() == null) {
      problem("api.auth", "is required for " + c.authType() + " connectors: bearer, header:<Name> or query:<param>");
    } else if (c.authType() == AuthType.BASIC && !(api.auth() instanceof ApiAuth.Basic)) {
      problem("api.auth", "a basic connector's credential is a username and password, sent as basic");
    } else if (c.authType() != AuthType.BASIC && api.auth() instanceof ApiAuth.Basic) {
      problem("api.auth", "basic needs a username and password, which only connectors with authType basic hold");
    }
  }

  /**
   * A connection fills placeholders from its metadata, so each one a URL uses must be declared (saying what the
   * metadata must give), and each declared one must be used (or a connection would be asked for nothing).
   */
  private void checkPlaceholders(Connector c) {
    Map<String, String> urls = placeholderUrls(c);
    Set<String> used = new HashSet<>();
    urls.forEach((field, url) -> {
      for (String name : UrlTemplate.names(url)) {
        used.add(name);
        if (!c.placeholders().containsKey(name)) {
          problem(field, "uses {" + name + "}, which is not declared under placeholders");
        }
      }
    });
    c.placeholders().forEach((name, meaning) -> {
      if (!UrlTemplate.NAME.matcher(name).matches()) {
        problem("placeholders." + name, "a placeholder name is a letter followed by letters and digits");
      } else if (!used.contains(name)) {
        problem("placeholders." + name, "is declared but no URL uses {" + name + "}");
      }
      if (meaning == null || meaning.isBlank()) {
        problem("placeholders." + name, "expected a description of what the connection's metadata gives for it");
      }
    });
  }

  /** The URLs a connection's metadata fills in, by field. */
  private static Map<String, String> placeholderUrls(Connector c) {
    Map<String, String> urls = new LinkedHashMap<>();
    if (c.oauth() != null) {
      putIfPresent(urls, "oauth.authorizeUrl", c.oauth().authorizeUrl());
      putIfPresent(urls, "oauth.tokenUrl", c.oauth().tokenUrl());
      putIfPresent(urls, "oauth.refreshUrl", c.oauth().refreshUrl());
      putIfPresent(urls, "oauth.revokeUrl", c.oauth().revokeUrl());
    }
    if (c.api() != null) {
      putIfPresent(urls, "api.baseUrl", c.api().baseUrl());
    }
    return urls;
  }

  private static void putIfPresent(Map<String, String> urls, String field, String url) {
    if (url != null) {
      urls.put(field, url);
    }
  }

  private void checkRateLimit(RateLimit rateLimit) {
    if (rateLimit == null) {
      missing("rateLimit");
      return;
    }
    if (rateLimit.limit() == null) {
      missing("rateLimit.limit");
    } else if (rateLimit.limit() < 1) {
      problem("rateLimit.limit", "expected a positive integer, got " + rateLimit.limit());
    }
    if (rateLimit.periodSeconds() == null) {
      missing("rateLimit.periodSeconds");
    } else if (rateLimit.periodSeconds() < 1) {
      problem("rateLimit.periodSeconds", "expected a positive integer, got " + rateLimit.periodSeconds());
    }
    url("rateLimit.source", rateLimit.source(), true);
    if (!rateLimit.published() && (rateLimit.note() == null || rateLimit.note().isBlank())) {
      problem("rateLimit.note", "is required when published is false: say why the chosen ceiling is safe");
    }
  }

  private void url(String field, String value, boolean required) {
    if (value == null) {
      if (required) {
        missing(field);
      }
      return;
    }
    String problem = UrlRules.problem(value);
    if (problem != null) {
      problem(field, problem);
    }
  }

  private void missing(String field) {
    problem(field, "is required");
  }

  private void problem(String field, String text) {
    problems.add("field " + field + ": " + text);
  }
}
