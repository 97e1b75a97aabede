package dev.conduit.contract;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Calls operations over plain HTTP and holds every answer to the document: each call names the operation it
 * makes and the status it expects, and fails when the status differs or the response is not what the document
 * declares for that operation and status. Remembers which operations were called.
 */
final class PlainHttp {

  static final String JSON_API = "application/vnd.api+json";

  /** One answer, already checked against the document. */
  record Answer(int status, HttpResponse<String> response) {

    JsonObject json() {
      return new JsonObject(response.body());
    }

    JsonObject data() {
      return json().getJsonObject("data");
    }

    String errorCode() {
      return json().getJsonArray("errors").getJsonObject(0).getString("code");
    }

    String header(String name) {
      return response.headers().firstValue(name).orElse(null);
    }
  }

  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final String baseUrl;
  private final DocumentedResponses document;
  private final Set<String> called = Collections.synchronizedSet(new HashSet<>());
  private final Set<String> answers = Collections.synchronizedSet(new HashSet<>());

  PlainHttp(String baseUrl, DocumentedResponses document) {
    this.baseUrl = baseUrl;
    this.document = document;
  }

  Set<String> called() {
    return Set.copyOf(called);
  }

  /** Every answer seen, as {@code "operationId status"}. */
  Set<String> answers() {
    return Set.copyOf(answers);
  }

  Answer expect(int status, String operationId, String method, String path, String token) {
    return expect(status, operationId, method, path, token, null, null);
  }

  Answer expect(int status, String operationId, String method, String path, String token, String jsonApiBody) {
    return expect(status, operationId, method, path, token, JSON_API, jsonApiBody);
  }

  Answer expect(int status, String operationId, String method, String path, String token, String contentType,
      String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (token != null) {
      request.header("Authorization", "Bearer " + token);
    }
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return expect(status, operationId, method, path, request);
  }

  /** A request with these headers (a form post carrying its cookie, say). */
  Answer expectWithHeaders(int status, String operationId, String method, String path, Map<String, String> headers,
      String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(request::header);
    return expect(status, operationId, method, path, request);
  }

  /** A GET with an {@code Accept} header, for operations that answer in more than one media type. */
  Answer expectAccepting(int status, String operationId, String path, String accept) {
    return expect(status, operationId, "GET", path, HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30)).header("Accept", accept).GET());
  }

  /**
   * A GET whose answer does not end (an event stream): its status, headers and media type are held to the
   * document as they arrive, and its body is handed back open, for the caller to read from and close.
   */
  InputStream expectOpenStream(String operationId, String path, String token) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path))
        .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + token).GET().build();
    HttpResponse<InputStream> response;
    try {
      response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    called.add(operationId);
    answers.add(operationId + " " + response.statusCode());
    String mismatch = response.statusCode() != 200 ? "expected 200, got " + response.statusCode()
        : document.mismatch(operationId, 200, name -> response.headers().firstValue(name).orElse(null), "");
    if (mismatch != null) {
      try {
        response.body().close();
      } catch (IOException e) {
        // the mismatch is what matters
      }
      throw new AssertionError("GET " + path + ": " + mismatch);
    }
    return response.body();
  }

  private Answer expect(int status, String operationId, String method, String path, HttpRequest.Builder request) {
    HttpResponse<String> response = send(request.build());
    called.add(operationId);
    answers.add(operationId + " " + response.statusCode());
    if (response.statusCode() != status) {
      throw new AssertionError(method + " " + path + " (" + operationId + "): expected " + status + ", got "
          + response.statusCode() + " " + response.body());
    }
    String mismatch = document.mismatch(operationId, response.statusCode(),
        name -> response.headers().firstValue(name).orElse(null), response.body());
    if (mismatch != null) {
      throw new AssertionError(method + " " + path + ": " + mismatch);
    }
    return new Answer(response.statusCode(), response);
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
