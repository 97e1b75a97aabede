package dev.conduit.refresh;

import dev.conduit.core.catalog.ClientCredentials;
import dev.conduit.core.catalog.Connector;
import dev.conduit.core.catalog.OAuthSettings;
import dev.conduit.core.catalog.TokenRequestFormat;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Calls a provider's token endpoint with the RFC 6749 refresh-token grant: the connector's client
 * authentication, a timeout shorter than the claim it runs under, no redirects, a capped answer. Classifies
 * what comes back; never throws for anything the provider or the network does.
 */
final class TokenExchanger {

  static final int MAX_ANSWER_BYTES = 64 * 1024;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
  /** What may be put into a URL's host or path from connection metadata: a DNS label or a simple segment. */
  private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9.-]{0,62}");

  private final WebClient client;
  private final Duration timeout;

  TokenExchanger(WebClient client, Duration timeout) {
    this.client = client;
    this.timeout = timeout;
  }

  Future<ExchangeOutcome> refresh(Connector connector, ClientCredentials clientCredentials, String refreshToken,
      Map<String, String> urlParameters) {
    OAuthSettings oauth = connector.oauth();
    String url;
    try {
      url = fill(oauth.refreshEndpoint(), urlParameters);
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture(new ExchangeOutcome.Transient(e.getMessage(), null, false));
    }
    Map<String, String> params = new LinkedHashMap<>();
    params.put("grant_type", "refresh_token");
    params.put("refresh_token", refreshToken);
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
    Matcher matcher = PLACEHOLDER.matcher(template);
    StringBuilder url = new StringBuilder();
    while (matcher.find()) {
      String value = parameters.get(matcher.group(1));
      if (value == null || !SAFE_VALUE.matcher(value).matches()) {
        throw new IllegalArgumentException("the connection's metadata." + matcher.group(1)
            + " must name the provider account (letters, digits, dots, hyphens) to build its token URL");
      }
      matcher.appendReplacement(url, Matcher.quoteReplacement(value));
    }
    matcher.appendTail(url);
    return url.toString();
  }
}
