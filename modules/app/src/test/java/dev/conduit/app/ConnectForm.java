package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A page of the hosted connect flow as a browser without JavaScript holds it: the page, its form's CSRF token and the
 * CSRF cookie it set, ready to post the form back.
 */
record ConnectForm(TestConduit conduit, TestConduit.Response page, String csrf, String cookie) {

  private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([A-Za-z0-9_-]+)\"");

  /** Opens {@code path}, which must answer 200 with a form. */
  static ConnectForm open(TestConduit conduit, String path) {
    TestConduit.Response page = conduit.get(path);
    assertThat(page.status()).as(page.body()).isEqualTo(200);
    Matcher csrf = CSRF.matcher(page.body());
    assertThat(csrf.find()).as(page.body()).isTrue();
    String cookie = page.header("Set-Cookie");
    assertThat(cookie).containsIgnoringCase("HttpOnly").contains("SameSite=Strict", "Path=/connect/");
    return new ConnectForm(conduit, page, csrf.group(1), cookie.split(";", 2)[0]);
  }

  /** Submits an API-key or basic connector's form of the session at {@code sessionPath}. */
  TestConduit.Response post(String sessionPath, Map<String, String> fields) {
    return post(conduit, sessionPath + "/credential", cookie, withCsrf(fields));
  }

  /** Presses an OAuth connector's button of the session at {@code sessionPath}. */
  TestConduit.Response press(String sessionPath, Map<String, String> fields) {
    return post(conduit, sessionPath + "/authorize", cookie, withCsrf(fields));
  }

  private Map<String, String> withCsrf(Map<String, String> fields) {
    Map<String, String> all = new LinkedHashMap<>();
    all.put("csrf", csrf);
    all.putAll(fields);
    return all;
  }

  /** A form post to {@code path}, with {@code cookie} when not null. */
  static TestConduit.Response post(TestConduit conduit, String path, String cookie, Map<String, String> fields) {
    String body = fields.entrySet().stream().map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    HttpRequest.Builder request = HttpRequest.newBuilder(conduit.uri(path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (cookie != null) {
      request.header("Cookie", cookie);
    }
    return conduit.send(request);
  }
}
