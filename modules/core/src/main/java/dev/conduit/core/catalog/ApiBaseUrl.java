package dev.conduit.core.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rules for an {@code api.baseUrl} template and how a connection's metadata fills it. Stricter than the OAuth
 * URLs' {@link UrlTemplate}, because the proxy sends the connection's credential to whatever host this yields: a
 * placeholder is a whole host label followed by at least two fixed labels (the provider's own domain), or a whole
 * path segment; a host value is one DNS label and a path value one plain segment, so metadata can pick a tenant at
 * the provider but never another host.
 */
public final class ApiBaseUrl {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
  /** One DNS label (RFC 1123): no dots, so a value cannot add labels or end the provider's domain early. */
  private static final Pattern HOST_LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
  /** One path segment of unreserved characters, starting with a letter or digit (never {@code .} or {@code ..}). */
  private static final Pattern PATH_SEGMENT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._~-]{0,99}");
  private static final int FIXED_HOST_LABELS = 2;

  private ApiBaseUrl() {
  }

  /** Null when {@code template} is an acceptable base URL, otherwise what is wrong with it. */
  static String problem(String template) {
    if (!template.contains("://")) {
      return "expected an absolute https URL, got '" + template + "'";
    }
    int authorityEnd = authorityEnd(template);
    String authority = template.substring(template.indexOf("://") + 3, authorityEnd);
    if (authority.contains("@")) {
      return "must not contain user info, got '" + template + "'";
    }
    int portStart = authority.startsWith("[") ? authority.indexOf("]:") + 1 : authority.lastIndexOf(':');
    String host = portStart > 0 ? authority.substring(0, portStart) : authority;
    if (portStart > 0 && authority.substring(portStart).contains("{")) {
      return "a placeholder cannot stand for the port, got '" + template + "'";
    }
    String urlProblem = UrlRules.problem(template);
    if (urlProblem != null) {
      return urlProblem;
    }
    try {
      if (new URI(PLACEHOLDER.matcher(template).replaceAll("x")).getRawQuery() != null) {
        return "must not hold a query string (the proxy appends the caller's), got '" + template + "'";
      }
    } catch (URISyntaxException e) {
      return "not a valid URL: '" + template + "'";
    }
    String[] labels = host.split("\\.", -1);
    int lastPlaceholder = -1;
    for (int i = 0; i < labels.length; i++) {
      if (labels[i].contains("{")) {
        if (!PLACEHOLDER.matcher(labels[i]).matches()) {
          return "a placeholder in the host must be a whole label, like {tenant}.example.com, got '" + template + "'";
        }
        lastPlaceholder = i;
      }
    }
    if (lastPlaceholder >= 0 && labels.length - lastPlaceholder - 1 < FIXED_HOST_LABELS) {
      return "after its last placeholder the host must end in the provider's own domain (two fixed labels or more),"
          + " got '" + template + "'";
    }
    for (String segment : template.substring(authorityEnd).split("/", -1)) {
      if (segment.contains("{") && !PLACEHOLDER.matcher(segment).matches()) {
        return "a placeholder in the path must be a whole segment, like /{account}/, got '" + template + "'";
      }
    }
    return null;
  }

  /**
   * The base URL for a connection whose metadata holds the placeholders' values.
   *
   * @throws IllegalArgumentException naming the metadata key whose value is missing or not allowed where it goes
   */
  public static String fill(String template, Map<String, String> metadata) {
    int authorityEnd = authorityEnd(template);
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder url = new StringBuilder();
    while (matcher.find()) {
      String name = matcher.group(1);
      String value = metadata.get(name);
      boolean inHost = matcher.start() < authorityEnd;
      if (value == null || !(inHost ? HOST_LABEL : PATH_SEGMENT).matcher(value).matches()) {
        throw new IllegalArgumentException("the connection's metadata." + name + " must be "
            + (inHost ? "one host label (letters, digits and inner hyphens, no dots)"
                : "one path segment (letters, digits, '.', '_', '~', '-')")
            + " to build the provider's API URL");
      }
      matcher.appendReplacement(url, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(url);
    return url.toString();
  }

  /** Where the authority (host and port) ends: at the first '/' after the scheme, or at the end. */
  private static int authorityEnd(String template) {
    int start = template.indexOf("://") + 3;
    int slash = template.indexOf('/', start);
    return slash < 0 ? template.length() : slash;
  }
}
