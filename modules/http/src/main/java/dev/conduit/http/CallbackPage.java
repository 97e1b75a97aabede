package dev.conduit.http;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/**
 * The small pages {@code /oauth/callback} answers with when there is no {@code redirectAfter} to send the browser
 * to. Every piece of text is escaped; no page carries the state, the code or any token. The headers keep the page
 * out of caches, out of frames and out of other sites' {@code Referer}; the policy allows no script at all.
 */
final class CallbackPage {

  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private CallbackPage() {
  }

  static Future<Void> send(RoutingContext ctx, int status, String title, String message) {
    String html = """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>%s · Conduit</title>
        </head>
        <body>
        <main>
        <h1>%s</h1>
        <p>%s</p>
        </main>
        </body>
        </html>
        """.formatted(escape(title), escape(title), escape(message));
    secure(ctx);
    return ctx.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8").end(html);
  }

  /** A {@code 302} to where the app asked the browser to come back to. */
  static Future<Void> redirect(RoutingContext ctx, String location) {
    secure(ctx);
    return ctx.response().setStatusCode(302).putHeader("Location", location).end();
  }

  private static void secure(RoutingContext ctx) {
    ctx.response()
        .putHeader("Cache-Control", "no-store")
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff");
  }

  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16);
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }
}
