package dev.conduit.http;

import dev.conduit.core.crypto.Digests;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.MIMEHeader;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /}: where a person or a program that found the server learns what it is and where its contract is,
 * instead of a 404. HTML for browsers, JSON for {@code Accept: application/json}.
 */
final class HomePage {

  static final String JSON = new JsonObject().put("name", "Conduit").put("openapi", "/openapi.yaml")
      .put("docs", "README.md in the Conduit source repository").encode();

  private static final String STYLE = """
      body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
      color:#1f2933;background:#f5f7fa;line-height:1.5}\
      main{max-width:36rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:12px;\
      box-shadow:0 1px 3px rgba(0,0,0,.12)}\
      h1{margin-top:0;font-size:1.5rem}a{color:#1a56db}a:focus-visible{outline:3px solid #1a56db;outline-offset:2px}\
      @media (max-width:40rem){main{margin:0;border-radius:0;min-height:100vh;box-sizing:border-box;padding:1.25rem}}""";

  private static final String HTML = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <meta name="viewport" content="width=device-width, initial-scale=1">
      <title>Conduit</title>
      <style>%s</style>
      </head>
      <body>
      <main>
      <h1>Conduit</h1>
      <p>A multi-tenant connector platform: OAuth connections and API keys kept sealed, vended to their owners,
      refreshed ahead of expiry, with signed webhooks when an account needs attention.</p>
      <ul>
      <li><a href="/openapi.yaml">The HTTP API (OpenAPI 3.1 document)</a></li>
      <li><a href="/api/connectors">The connector catalog</a></li>
      <li><a href="/health/ready">Readiness</a></li>
      </ul>
      <p>How to run, configure and use it: <code>README.md</code> in the Conduit source repository.</p>
      </main>
      </body>
      </html>
      """.formatted(STYLE);

  /** No script at all; the one inline style admitted by its hash; never framed. */
  static final String CONTENT_SECURITY_POLICY = "default-src 'none'; style-src " + Digests.cspSource(STYLE)
      + "; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

  private HomePage() {
  }

  static void handle(RoutingContext ctx) {
    boolean json = wantsJson(ctx);
    ctx.response().putHeader(HttpHeaders.VARY, "Accept");
    if (json) {
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json").end(JSON);
      return;
    }
    ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("Referrer-Policy", "no-referrer")
        .putHeader("X-Content-Type-Options", "nosniff")
        .end(HTML);
  }

  /** The most preferred type of the Accept header decides; a browser's (and no header) gets HTML. */
  private static boolean wantsJson(RoutingContext ctx) {
    for (MIMEHeader accepted : ctx.parsedHeaders().accept()) {
      String type = accepted.component() + "/" + accepted.subComponent();
      if (type.equals("text/html") || type.equals("*/*") || type.equals("text/*")) {
        return false;
      }
      if (type.equals("application/json") || type.equals(JsonApi.MEDIA_TYPE)) {
        return true;
      }
    }
    return false;
  }

}
