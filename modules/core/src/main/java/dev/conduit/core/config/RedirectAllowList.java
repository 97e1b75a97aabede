package dev.conduit.core.config;

import dev.conduit.core.error.ConduitException;
import dev.conduit.core.error.ErrorCode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The origins a browser may be sent back to after connecting an account ({@code redirectAfter} of an
 * authorization or a connect session), from {@code oauth.redirect-allow-list}. Anything else is refused, so that
 * Conduit is never an open redirect. Origins are compared whole (scheme, host and port, the default port written
 * or not): {@code https://app.example} does not admit {@code https://app.example.evil} or
 * {@code http://app.example}.
 */
public final class RedirectAllowList {

  private final Set<String> origins;

  private RedirectAllowList(Set<String> origins) {
    this.origins = origins;
  }

  /**
   * @param origins each {@code scheme://host[:port]}, as {@link #problemWithOrigin} accepts
   * @throws IllegalArgumentException for an entry that is not an origin
   */
  public static RedirectAllowList of(List<String> origins) {
    for (String origin : origins) {
      problemWithOrigin(origin).ifPresent(problem -> {
        throw new IllegalArgumentException(problem);
      });
    }
    return new RedirectAllowList(origins.stream().map(origin -> originOf(parse(origin).orElseThrow()))
        .collect(Collectors.toUnmodifiableSet()));
  }

  /** What is wrong with an allow-list entry, if anything: a sentence for the configuration error. */
  public static Optional<String> problemWithOrigin(String origin) {
    Optional<URI> uri = parse(origin);
    if (uri.isEmpty()) {
      return Optional.of("'" + origin + "' is not an origin; expected scheme://host[:port], e.g. https://app.example");
    }
    URI parsed = uri.get();
    boolean bare = (parsed.getRawPath() == null || parsed.getRawPath().isEmpty()) && parsed.getRawQuery() == null
        && parsed.getRawFragment() == null;
    return bare ? Optional.empty()
        : Optional.of("'" + origin + "' has a path, query or fragment; expected only scheme://host[:port]");
  }

  /** Whether a browser may be sent to {@code url}: an absolute http(s) URL, no user info, on an allowed origin. */
  public boolean allows(String url) {
    return url != null && parse(url).filter(uri -> uri.getRawFragment() == null)
        .map(uri -> origins.contains(originOf(uri))).orElse(false);
  }

  public boolean isEmpty() {
    return origins.isEmpty();
  }

  /**
   * The answer to a request whose {@code redirectAfter} (at JSON pointer {@code pointer}) is not allowed:
   * {@code 422 redirect_not_allowed}; nothing when it is absent or allowed. The detail never repeats the URL.
   */
  public Optional<ConduitException> refusal(String redirectAfter, String pointer) {
    if (redirectAfter == null || allows(redirectAfter)) {
      return Optional.empty();
    }
    return Optional.of(new ConduitException(ErrorCode.REDIRECT_NOT_ALLOWED, origins.isEmpty()
        ? "redirectAfter is not allowed: this deployment's oauth.redirect-allow-list is empty"
        : "redirectAfter must be an http(s) URL on an origin of this deployment's oauth.redirect-allow-list",
        pointer));
  }

  /** An absolute http(s) URI with a host and no user info; nothing for anything else. */
  private static Optional<URI> parse(String text) {
    if (text == null || text.isEmpty() || text.chars().anyMatch(c -> c <= 0x20 || c == '\\' || c >= 0x7F)) {
      return Optional.empty();
    }
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      boolean web = scheme.equals("https") || scheme.equals("http");
      return web && uri.getHost() != null && uri.getRawUserInfo() == null ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  private static String originOf(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int defaultPort = scheme.equals("https") ? 443 : 80;
    int port = uri.getPort() == -1 ? defaultPort : uri.getPort();
    return scheme + "://" + uri.getHost().toLowerCase(Locale.ROOT) + (port == defaultPort ? "" : ":" + port);
  }
}
