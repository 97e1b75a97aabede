package dev.conduit.http;

import dev.conduit.core.catalog.AuthType;
import dev.conduit.core.catalog.Category;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.crypto.Digests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The hosted connect page's HTML: one stylesheet inline (admitted by its hash in the Content-Security-Policy), no
 * script, every value escaped. Works at phone width and shows where keyboard focus is.
 */
final class ConnectPageHtml {

  static final String STYLE = """
      *{box-sizing:border-box}\
      body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;\
      color:#1f2933;background:#f0f2f5;line-height:1.5;font-size:16px}\
      main{max-width:30rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:14px;\
      box-shadow:0 2px 10px rgba(15,23,42,.08)}\
      h1{font-size:1.35rem;margin:0 0 .25rem}p.lead{color:#52606d;margin:0 0 1.5rem}\
      ul.connectors{list-style:none;margin:0;padding:0}\
      ul.connectors li{margin:0 0 .5rem}\
      a.connector{display:flex;justify-content:space-between;align-items:center;padding:.8rem 1rem;\
      border:1px solid #d9e2ec;border-radius:10px;color:inherit;text-decoration:none}\
      a.connector:hover{border-color:#1a56db;background:#f5f8ff}\
      .name{font-weight:600}.category{color:#52606d;font-size:.85rem}\
      h2.group{font-size:.8rem;font-weight:600;text-transform:uppercase;letter-spacing:.06em;color:#52606d;\
      margin:1.25rem 0 .5rem}\
      label{display:block;font-weight:600;margin:1rem 0 .35rem}\
      input[type=text],input[type=password],input[type=search]{width:100%;padding:.65rem .75rem;font:inherit;\
      border:1px solid #bcccdc;border-radius:8px}\
      form.search{display:flex;gap:.5rem;margin:0 0 1rem}form.search input{flex:1}\
      button{font:inherit;font-weight:600;padding:.65rem 1.1rem;border:0;border-radius:8px;background:#1a56db;\
      color:#fff;cursor:pointer}\
      form.credential button{width:100%;margin-top:1.5rem}\
      a:focus-visible,button:focus-visible,input:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}\
      .error{background:#fdecea;color:#8a1c1c;padding:.75rem 1rem;border-radius:8px;margin:0 0 1rem}\
      .back{display:inline-block;margin-top:1.25rem;color:#1a56db}\
      .hint{color:#52606d;font-size:.85rem;margin:.25rem 0 0}\
      @media (max-width:32rem){main{margin:0;border-radius:0;min-height:100vh;padding:1.25rem}}""";

  static final String STYLE_HASH = Digests.cspSource(STYLE);

  private ConnectPageHtml() {
  }

  /** The session's connectors (filtered by {@code query}, with a search box when there are more than eight). */
  static String list(String tokenPath, List<Connector> offered, List<Connector> shown, String query) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Connect an account</h1><p class=\"lead\">Choose the service to connect.</p>");
    if (offered.size() > 8) {
      body.append("<label for=\"q\">Search services</label>")
          .append("<form class=\"search\" method=\"get\" action=\"").append(tokenPath).append("\" role=\"search\">")
          .append("<input type=\"search\" id=\"q\" name=\"q\" placeholder=\"Name of the service\"")
          .append(" value=\"").append(Html.escape(query)).append("\"><button type=\"submit\">Search</button></form>");
    }
    if (shown.isEmpty()) {
      body.append("<p>No service matches that search.</p>");
    }
    groups(shown).forEach((heading, connectors) -> {
      String headingId = "group-" + (heading.isEmpty() ? "other" : connectors.get(0).categories().get(0).wireName());
      body.append("<h2 class=\"group\" id=\"").append(headingId).append("\">")
          .append(Html.escape(heading.isEmpty() ? "Other services" : heading)).append("</h2>")
          .append("<ul class=\"connectors\" aria-labelledby=\"").append(headingId).append("\">");
      for (Connector connector : connectors) {
        body.append("<li><a class=\"connector\" id=\"connector-").append(Html.escape(connector.id()))
            .append("\" href=\"").append(tokenPath).append("?connector=").append(Html.escape(connector.id()))
            .append("\"><span class=\"name\">").append(Html.escape(connector.name())).append("</span>")
            .append("<span class=\"category\">").append(how(connector)).append("</span></a></li>");
      }
      body.append("</ul>");
    });
    return document("Connect an account", body.toString());
  }

  /** The form of an API-key or basic connector; {@code problem} (may be null) says what was wrong last time. */
  static String form(String tokenPath, Connector connector, String csrf, String problem, boolean single) {
    StringBuilder body = new StringBuilder();
    body.append("<h1>Connect ").append(Html.escape(connector.name())).append("</h1><p class=\"lead\">")
        .append(Html.escape(category(connector))).append("</p>");
    if (problem != null) {
      body.append("<p class=\"error\" role=\"alert\">").append(Html.escape(problem)).append("</p>");
    }
    body.append("<form class=\"credential\" method=\"post\" action=\"").append(tokenPath)
        .append("/credential\" autocomplete=\"off\">")
        .append(hidden(ConnectCsrf.FIELD, csrf)).append(hidden("connector", connector.id()));
    if (connector.authType() == AuthType.BASIC) {
      field(body, "username", "Username", "text", true);
      field(body, "password", "Password", "password", true);
    } else {
      field(body, "apiKey", "API key", "password", true);
      field(body, "apiSecret", "API secret (if the service gave you one)", "password", false);
    }
    body.append("<p class=\"hint\">Sent to Conduit and sealed at once; it is not shown again.</p>")
        .append("<button type=\"submit\">Connect</button></form>");
    if (!single) {
      body.append("<a class=\"back\" href=\"").append(tokenPath).append("\">Choose another service</a>");
    }
    return document("Connect " + connector.name(), body.toString());
  }

  /**
   * An OAuth connector's page: one button whose form posts to {@code /connect/{token}/authorize}, which sends the
   * browser on to the provider's sign-in.
   */
  static String oauth(String tokenPath, Connector connector, String csrf, boolean single) {
    String name = Html.escape(connector.name());
    StringBuilder body = new StringBuilder();
    body.append("<h1>Connect ").append(name).append("</h1><p class=\"lead\">")
        .append(Html.escape(category(connector))).append("</p>")
        .append("<p>You will sign in at ").append(name).append(" and choose what to share; then you come back here.")
        .append(" Your password stays with ").append(name).append(".</p>")
        .append("<form class=\"credential\" method=\"post\" action=\"").append(tokenPath).append("/authorize\">")
        .append(hidden(ConnectCsrf.FIELD, csrf)).append(hidden("connector", connector.id()))
        .append("<button type=\"submit\">Continue to ").append(name).append("</button></form>");
    if (!single) {
      body.append("<a class=\"back\" href=\"").append(tokenPath).append("\">Choose another service</a>");
    }
    return document("Connect " + connector.name(), body.toString());
  }

  static String connected(Connector connector, String label) {
    String account = label == null || label.isEmpty() ? connector.name() : connector.name() + " (" + label + ")";
    return page("Connected", "Your " + account + " account is connected. You can close this page.");
  }

  static String problem(String title, String message) {
    return page(title, message);
  }

  /** A page of a heading and one paragraph. */
  static String page(String title, String message) {
    return document(title, "<h1>" + Html.escape(title) + "</h1><p class=\"lead\">" + Html.escape(message) + "</p>");
  }

  private static String hidden(String name, String value) {
    return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + Html.escape(value) + "\">";
  }

  private static void field(StringBuilder body, String name, String label, String type, boolean required) {
    body.append("<label for=\"").append(name).append("\">").append(label).append("</label>")
        .append("<input type=\"").append(type).append("\" id=\"").append(name).append("\" name=\"").append(name)
        .append("\" maxlength=\"16384\" spellcheck=\"false\"").append(required ? " required" : "").append(">");
  }

  /**
   * The connectors under the heading of their first category, headings in the catalog's category order; a connector
   * without a category under an empty heading, last.
   */
  private static Map<String, List<Connector>> groups(List<Connector> shown) {
    Map<String, List<Connector>> groups = new LinkedHashMap<>();
    for (Category category : Category.values()) {
      shown.stream().filter(c -> !c.categories().isEmpty() && c.categories().get(0) == category)
          .forEach(c -> groups.computeIfAbsent(category.label(), heading -> new ArrayList<>()).add(c));
    }
    shown.stream().filter(c -> c.categories().isEmpty())
        .forEach(c -> groups.computeIfAbsent("", heading -> new ArrayList<>()).add(c));
    return groups;
  }

  /** What connecting asks of the end user, in their words. */
  private static String how(Connector connector) {
    return switch (connector.authType()) {
      case OAUTH2 -> "Sign in";
      case API_KEY -> "API key";
      case BASIC -> "Username and password";
    };
  }

  private static String category(Connector connector) {
    return String.join(", ", connector.categories().stream().map(Category::label).toList());
  }

  private static String document(String title, String body) {
    return "<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        + "<title>" + Html.escape(title) + " · Conduit</title>\n<style>" + STYLE + "</style>\n</head>\n<body>\n<main>\n"
        + body + "\n</main>\n</body>\n</html>\n";
  }

}
