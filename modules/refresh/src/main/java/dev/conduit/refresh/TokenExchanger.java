package dev.conduit.refresh;

import dev.conduit.core.catalog.ClientCredentials;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.OAuthSettings;
import dev.conduit.core.catalog.TokenRequestFormat;
import dev.conduit.core.catalog.UrlTemplate;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.codec.BodyCodec;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls a provider's token endpoint with the RFC 6749 refresh-token or authorization-code grant: the connector's client
 * authentication, a timeout shorter than the claim it runs under, no redirects, a capped answer. Classifies
 * what comes back; never throws for anything the provider or the network does.
 */
final class TokenExchanger {

  static final int MAX_ANSWER_BYTES = 64 * 1024;

  private final WebClient client;
  private final Duration timeout;

  TokenExchanger(WebClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  Future<ExchangeOutcome> refresh(Connector connector, ClientCredentials clientCredentials, String refreshToken,
      Map<String, String> urlParameters) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "refresh_token");
    params.put("refresh_token", refreshToken);
    return call(connector, connector.oauth().refreshEndpoint(), clientCredentials, params, urlParameters);
  }

  /**
   * The authorization-code grant (RFC 6749 §4.1.3) that ends a connect flow, with the PKCE verifier (RFC 7636
   * §4.5) when the flow sent a challenge. Same client, same classification as a refresh.
   *
   * @param pkceVerifier null for a connector without PKCE
   */
  Future<ExchangeOutcome> exchangeCode(Connector connector, ClientCredentials clientCredentials, String code,
      String redirectUri, String pkceVerifier, Map<String, String> urlParameters) {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "authorization_code");
    params.put("code", code);
    params.put("redirect_uri", redirectUri);
    if (pkceVerifier != null) {
      params.put("code_verifier", pkceVerifier);
    }
    return call(connector, connector.oauth().tokenUrl(), clientCredentials, params, urlParameters);
  }

  private Future<ExchangeOutcome> call(Connector connector, String endpoint, ClientCredentials clientCredentials,
      Map<String, String> params, Map<String, String> urlParameters) {
    OAuthSettings oauth = connector.oauth();
    String url;
    try {
      url = fill(endpoint, urlParameters);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new ExchangeOutcome.Transient(e.getMessage(), null, false));
    }
    CappedBody body = new CappedBody(MAX_ANSWER_BYTES);
    HttpRequest<Void> request = client.postAbs(url)
        .followRedirects(false)
        .timeout(timeout.toMillis())
        .putHeader("Accept", "application/json")
        .as(BodyCodec.pipe(body));
    ClientAuthentication.apply(oauth.clientAuth(), clientCredentials, request, params);
    Future<HttpResponse<Void>> sent = oauth.tokenRequestFormat() == TokenRequestFormat.JSON
        ? request.sendJsonObject(new JsonObject(new LinkedHashMap<>(params)))
        : request.sendForm(form(params));
    return sent.transform(result -> Future.succeededFuture(result.succeeded()
        ? TokenResponseParser.parse(result.result().statusCode(), result.result().getHeader("Content-Type"),
            result.result().getHeader("Retry-After"), body.collected(), oauth)
        : failure(result.cause())));
  }

  private static ExchangeOutcome failure(Throwable cause) {
    if (cause instanceof CappedBody.TooLarge tooLarge) {
      return new ExchangeOutcome.Transient("the provider's " + tooLarge.getMessage(), null, true);
    }
    if (cause instanceof ConnectException || cause instanceof UnknownHostException
        || cause instanceof io.netty.channel.ConnectTimeoutException) {
      // the request never left: the refresh token cannot have been used
      return new ExchangeOutcome.Transient("cannot reach the provider (" + cause.getClass().getSimpleName() + ")",
          null, false);
    }
    return new ExchangeOutcome.Transient("no answer from the provider (" + cause.getClass().getSimpleName() + ")",
        null, true);
  }

  private static MultiMap form(Map<String, String> params) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap();
    params.forEach(form::set);
    return form;
  }

  /** Fills {@code {name}} placeholders from the connection's metadata; only plain host/segment values pass. */
  static String fill(String template, Map<String, String> parameters) {
    return UrlTemplate.fill(template, parameters);
  }
}
