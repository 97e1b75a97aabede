package dev.conduit.core.catalog;

import com.fasterxml.jackson.annotation.JsonCreator;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One provider of the catalog, as declared in its {@code connectors/<id>.yaml} file.
 *
 * @param api          how the proxy calls the provider's API; null when it cannot
 * @param placeholders the {@code {name}}s its URLs hold, each with what the connection's metadata must give for
 *                     it (e.g. {@code subdomain}: "the part before .zendesk.com"); a URL may use only these
 */
public record Connector(
    String id,
    String name,
    AuthType authType,
    List<Category> categories,
    String docsUrl,
    Map<String, String> placeholders,
    OAuthSettings oauth,
    ApiSettings api,
    RateLimit rateLimit) {

  @JsonCreator
  public Connector {
    // copies that keep a null entry, so that the rules can name it instead of the constructor failing
    categories = categories == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(categories));
    placeholders = placeholders == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(placeholders));
    if (api != null && api.auth() == null && authType != null) {
      api = new ApiSettings(api.baseUrl(), ApiSettings.defaultFor(authType));
    }
  }

  /** A connector whose URLs hold no placeholders, without a proxy. */
  public Connector(String id, String name, AuthType authType, List<Category> categories, String docsUrl,
      OAuthSettings oauth, RateLimit rateLimit) {
    this(id, name, authType, categories, docsUrl, Map.of(), oauth, null, rateLimit);
  }

  public boolean isOAuth() {
    return authType == AuthType.OAUTH2;
  }
}
