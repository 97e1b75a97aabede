package dev.conduit.http;

import dev.conduit.core.crypto.Digests;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * CSRF protection of the connect page's forms by double submission: a random value in a cookie and the same value
 * in a hidden field. Another site can make a browser post a form, but it can neither read nor set this origin's
 * cookie, so it cannot send the matching pair. Needs no shared secret, so a form served by one replica can be posted
 * to another.
 */
final class ConnectCsrf {

  static final String COOKIE = "conduit_csrf";
  static final String FIELD = "csrf";

  private ConnectCsrf() {
  }

  /** The value for this browser's forms: its cookie's, or a new one set now. */
  static String issue(RoutingContext ctx, boolean secure) {
    Cookie existing = ctx.request().getCookie(COOKIE);
    if (existing != null && wellFormed(existing.getValue())) {
      return existing.getValue();
    }
    String value = Digests.newToken();
    ctx.response().addCookie(Cookie.cookie(COOKIE, value).setPath("/connect/").setHttpOnly(true).setSecure(secure)
        .setSameSite(CookieSameSite.STRICT));
    return value;
  }

  /** Whether the posted field matches the cookie (compared in constant time). */
  static boolean verify(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie(COOKIE);
    String field = ctx.request().getFormAttribute(FIELD);
    return cookie != null && field != null && wellFormed(field) && MessageDigest.isEqual(
        cookie.getValue().getBytes(StandardCharsets.US_ASCII), field.getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean wellFormed(String value) {
    return value.matches("[A-Za-z0-9_-]{43}");
  }
}
