package dev.conduit.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * How every page an end user sees is sent — the connect page and the OAuth callback's pages, errors included: never
 * cached, never leaking its URL through {@code Referer}, no script, the one inline stylesheet admitted by its hash,
 * framed only where {@code connect.frame-ancestors} allows, and forms that post (and are redirected) only to
 * Conduit and the origins a page names.
 */
final class HostedPage {

  private final String frameAncestors;

  HostedPage(String frameAncestors) {
    this.frameAncestors = frameAncestors;
  }

  /**
   * Sends {@code html} with {@code status}.
   *
   * @param formTargets URLs (or null) whose origins this page's forms may be redirected to: a browser follows the
   *                    redirect after a form post only to an origin {@code form-action} admits
   */
  Future<Void> send(RoutingContext ctx, int status, String html, String... formTargets) {
    return headers(ctx, formTargets).setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8").end(html);
  }

  /** A redirect ({@code 302} or {@code 303}) to {@code location}, with the headers of a page. */
  Future<Void> redirect(RoutingContext ctx, int status, String location, String... formTargets) {
    return headers(ctx, formTargets).setStatusCode(status).putHeader(HttpHeaders.LOCATION, location).end();
  }

  private HttpServerResponse headers(RoutingContext ctx, String... formTargets) {
    Set<String> formAction = new LinkedHashSet<>();
    formAction.add("'self'");
    for (String target : formTargets) {
      if (target != null) {
        formAction.add(origin(target));
      }
    }
    return ctx.response()
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", "default-src 'none'; style-src " + ConnectPageHtml.STYLE_HASH
            + "; form-action " + String.join(" ", formAction) + "; base-uri 'none'; frame-ancestors " + frameAncestors)
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  /** scheme://host[:port] of an absolute URL that Conduit itself built or checked. */
  static String origin(String url) {
    URI uri = URI.create(url);
    return uri.getScheme() + "://" + uri.getRawAuthority();
  }
}
