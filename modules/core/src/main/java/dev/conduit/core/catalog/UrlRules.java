package dev.conduit.core.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a provider URL in the catalog may look like: absolute {@code https}, no user info or fragment, with
 * optional {@code {name}} placeholders. Plain {@code http} is accepted only for loopback hosts, so a local fake
 * provider can stand in during development and tests.
 */
final class UrlRules {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{[a-zA-Z][a-zA-Z0-9]*}");
  private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "[::1]");

  private UrlRules() {
  }

  /** Null when {@code url} is acceptable, otherwise what is wrong with it. */
  static String problem(String url) {
    String concrete = PLACEHOLDER.matcher(url).replaceAll("x");
    if (concrete.contains("{") || concrete.contains("}")) {
      return "placeholders must look like {name} (letters and digits), got '" + url + "'";
    }
    URI uri;
    try {
      uri = new URI(concrete);
    } catch (URISyntaxException e) {
      return "not a valid URL: '" + url + "'";
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return "expected an absolute https URL, got '" + url + "'";
    }
    if (scheme.equals("http") && !LOOPBACK_HOSTS.contains(uri.getHost().toLowerCase(Locale.ROOT))) {
      return "expected https (http is accepted only for localhost), got '" + url + "'";
    }
    if (uri.getRawUserInfo() != null) {
      return "must not contain user info, got '" + url + "'";
    }
    if (uri.getRawFragment() != null) {
      return "must not contain a fragment, got '" + url + "'";
    }
    return null;
  }
}
