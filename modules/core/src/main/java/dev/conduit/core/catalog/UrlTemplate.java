package dev.conduit.core.catalog;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills a connector URL's {@code {name}} placeholders from a connection's metadata, for providers whose endpoints
 * live on the customer's own subdomain. Only plain host labels or path segments pass, so metadata cannot steer a
 * request (or a browser) to another host.
 */
public final class UrlTemplate {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
  /** What a placeholder may be called (and so which metadata keys can fill one). */
  static final Pattern NAME = Pattern.compile("[a-zA-Z][a-zA-Z0-9]*");
  /** What may be put into a URL's host or path from connection metadata: a DNS label or a simple segment. */
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");

  private UrlTemplate() {
  }

  /** The names of the placeholders in {@code template}, in order of appearance, each once. */
  public static Set<String> names(String template) {
    Set<String> names = new LinkedHashSet<>();
    Matcher matcher = PLACEHOLDER.matcher(template);
    while (matcher.find()) {
      names.add(matcher.group(1));
    }
    return names;
  }

  /**
   * @throws IllegalArgumentException naming the metadata key when a value is missing or unsafe
   */
  public static String fill(String template, Map<String, String> parameters) {
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder url = new StringBuilder();
    while (matcher.find()) {
      String value = parameters.get(matcher.group(1));
      if (value == null || !SAFE_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("the connection's metadata." + matcher.group(1)
            + " must name the provider account (letters, digits, dots, hyphens) to build its URL");
      }
      matcher.appendReplacement(url, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(url);
    return url.toString();
  }
}
