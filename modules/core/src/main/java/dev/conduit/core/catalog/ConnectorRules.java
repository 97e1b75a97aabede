package dev.conduit.core.catalog;

import java.util.ArrayList;
import java.util.List;
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
      String category = c.categories().get(i);
      if (category == null || !ID.matcher(category).matches()) {
        problem("categories[" + i + "]", "expected lower-case words joined by hyphens, got '" + category + "'");
      }
    }
    url("docsUrl", c.docsUrl(), true);
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
