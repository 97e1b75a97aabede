package dev.conduit.bench;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The benchmarks' way into the server's API: tokens signed with the server's secret, and JSON:API calls. */
final class BenchApi {

  /** The HS256 secret every benchmark gives its server. */
  static final String SECRET = "bench-secret-that-is-long-enough-for-hs256";

  private BenchApi() {
  }

  /** Tokens for {@code owners}, valid for six hours (longer than any run). */
  static List<String> tokens(List<String> owners) {
    Vertx vertx = Vertx.vertx();
    try {
      JWTAuth jwt = JWTAuth.create(vertx, new JWTAuthOptions()
          .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(SECRET)));
      List<String> tokens = new ArrayList<>();
      for (String owner : owners) {
        tokens.add(jwt.generateToken(new JsonObject().put("sub", owner),
            new JWTOptions().setAlgorithm("HS256").setExpiresInSeconds(6 * 3600)));
      }
      return tokens;
    } finally {
      vertx.close();
    }
  }

  static String token(String owner) {
    return tokens(List.of(owner)).get(0);
  }

  /** A call that must succeed (2xx); its body. */
  static CompletableFuture<String> sendAsync(HttpClient client, ServerProcess server, String method, String path,
      String token, String body) {
    return client.sendAsync(HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
            .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
            .header("Authorization", "Bearer " + token)
            .header("Content-Type", "application/vnd.api+json")
            .build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(response -> {
          if (response.statusCode() >= 300) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                + response.body());
          }
          return response.body();
        });
  }

  static String send(HttpClient client, ServerProcess server, String method, String path, String token, String body)
      throws Exception {
    try {
      return sendAsync(client, server, method, path, token, body).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    }
  }
}
