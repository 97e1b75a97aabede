package dev.conduit.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The webhook endpoints API with the production defaults: https only, no loopback or private targets. Public
 * targets are written as IP literals, since this machine resolves no public names.
 */
class WebhooksApiTest extends OneServerPerClass {

  private static final String PUBLIC_URL = "https://93.184.215.14/hooks/conduit";
  private final String alice = TestConduit.token("alice");
  private final String bob = TestConduit.token("bob");

  private TestConduit.Response create(String token, String url, String... events) {
    return conduit.call("POST", "/api/webhooks", token, body(url, events));
  }

  private static String body(String url, String... events) {
    return new JsonObject().put("data", new JsonObject().put("type", "webhooks").put("attributes",
        new JsonObject().put("url", url).put("events", new JsonArray(List.of((Object[]) events))))).encode();
  }

  @Test
  void patchChangesTheUrlTheEventsAndWhetherItIsInService() {
    String id = create(alice, PUBLIC_URL, "connection.needs_reauth").json().getJsonObject("data").getString("id");
    String moved = "https://93.184.215.15/hooks/moved";

    TestConduit.Response changed = patch(alice, id, new JsonObject().put("url", moved)
        .put("events", new JsonArray().add("connection.revoked").add("webhook.test")));
    TestConduit.Response disabled = patch(alice, id, new JsonObject().put("enabled", false));
    TestConduit.Response enabled = patch(alice, id, new JsonObject().put("enabled", true));

    assertThat(changed.status()).as(changed.body()).isEqualTo(200);
    JsonObject attributes = changed.json().getJsonObject("data").getJsonObject("attributes");
    assertThat(attributes.getString("url")).isEqualTo(moved);
    assertThat(attributes.getJsonArray("events")).containsExactly("connection.revoked", "webhook.test");
    assertThat(attributes.containsKey("secret")).isFalse();
    assertThat(disabled.json().getJsonObject("data").getJsonObject("attributes").getString("status"))
        .isEqualTo("disabled");
    JsonObject back = enabled.json().getJsonObject("data");
    assertThat(back.getJsonObject("attributes").getString("status")).isEqualTo("active");
    assertThat(back.containsKey("meta")).isFalse();
    assertThat(back.getJsonObject("attributes").getString("url")).isEqualTo(moved);
  }

  @Test
  void patchRefusesABadUrlAnotherIdAnotherOwnerAndUnknownAttributesAndChangesNothing() {
    String id = create(alice, PUBLIC_URL, "connection.needs_reauth").json().getJsonObject("data").getString("id");

    TestConduit.Response loopback = patch(alice, id, new JsonObject().put("url", "https://127.0.0.1/hooks"));
    TestConduit.Response unknownEvent = patch(alice, id, new JsonObject().put("events",
        new JsonArray().add("connection.exploded")));
    TestConduit.Response secret = patch(alice, id, new JsonObject().put("secret", "whsec_mine"));
    TestConduit.Response bobs = patch(bob, id, new JsonObject().put("enabled", false));
    TestConduit.Response otherId = conduit.call("PATCH", "/api/webhooks/" + id, alice, new JsonObject().put("data",
        new JsonObject().put("type", "webhooks").put("id", UUID.randomUUID().toString())
            .put("attributes", new JsonObject().put("enabled", false))).encode());

    assertThat(loopback.status()).isEqualTo(422);
    assertThat(loopback.error().getString("code")).isEqualTo("webhook_url_refused");
    assertThat(unknownEvent.status()).isEqualTo(400);
    assertThat(secret.status()).isEqualTo(400);
    assertThat(bobs.status()).isEqualTo(404);
    assertThat(otherId.status()).isEqualTo(409);
    JsonObject kept = conduit.call("GET", "/api/webhooks/" + id, alice, null).json().getJsonObject("data")
        .getJsonObject("attributes");
    assertThat(kept.getString("url")).isEqualTo(PUBLIC_URL);
    assertThat(kept.getJsonArray("events")).containsExactly("connection.needs_reauth");
    assertThat(kept.getString("status")).isEqualTo("active");
  }

  private TestConduit.Response patch(String token, String id, JsonObject attributes) {
    return conduit.call("PATCH", "/api/webhooks/" + id, token, new JsonObject().put("data",
        new JsonObject().put("type", "webhooks").put("attributes", attributes)).encode());
  }

  @Test
  void createShowsTheSecretOnceAndStoresItSealed() {
    TestConduit.Response created = create(alice, PUBLIC_URL, "connection.needs_reauth", "connection.revoked");

    assertThat(created.status()).isEqualTo(201);
    assertThat(created.header("Cache-Control")).isEqualTo("no-store");
    JsonObject data = created.json().getJsonObject("data");
    String id = data.getString("id");
    assertThat(created.header("Location")).isEqualTo("/api/webhooks/" + id);
    assertThat(data.getString("type")).isEqualTo("webhooks");
    assertThat(data.getJsonObject("links").getString("self")).isEqualTo("/api/webhooks/" + id);
    JsonObject attributes = data.getJsonObject("attributes");
    assertThat(attributes.getString("url")).isEqualTo(PUBLIC_URL);
    assertThat(attributes.getJsonArray("events")).containsExactly("connection.needs_reauth", "connection.revoked");
    assertThat(attributes.getString("status")).isEqualTo("active");
    String secret = attributes.getString("secret");
    assertThat(secret).startsWith("whsec_");
    assertThat(Base64.getDecoder().decode(secret.substring("whsec_".length()))).hasSize(32);

    TestConduit.Response got = conduit.call("GET", "/api/webhooks/" + id, alice, null);
    TestConduit.Response listed = conduit.call("GET", "/api/webhooks", alice, null);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.json().getJsonObject("data").getJsonObject("attributes").containsKey("secret")).isFalse();
    assertThat(listed.json().getJsonArray("data")).hasSize(1);
    String raw = secret.substring("whsec_".length());
    byte[] key = Base64.getDecoder().decode(raw);
    for (String text : List.of(got.body(), listed.body(), Sql.dump())) {
      assertThat(text).doesNotContain(raw).doesNotContain(HexFormat.of().formatHex(key));
    }
    assertThat(create(alice, PUBLIC_URL, "connection.needs_reauth").json().getJsonObject("data")
        .getJsonObject("attributes").getString("secret")).isNotEqualTo(secret);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "https://169.254.169.254/latest/meta-data/ | link-local, metadata",
      "https://[fd00:ec2::254]/ | link-local, metadata",
      "https://[fe80::1]/ | link-local, metadata",
      "https://[::ffff:169.254.169.254]/ | link-local, metadata",
      "https://[64:ff9b::a9fe:a9fe]/ | link-local, metadata",
      "https://[2002:a9fe:a9fe::1]/ | link-local, metadata",
      "https://127.0.0.1/hook | loopback or private-network",
      "https://localhost/hook | loopback or private-network",
      "https://93.184.215.14:8443/hook | port 8443 is not allowed; allowed: 443",
      "https://10.0.0.8/ | loopback or private-network",
      "https://100.64.0.1/ | loopback or private-network",
      "https://[fd00::1]/ | loopback or private-network",
      "https://[::1]/ | loopback or private-network",
      "https://2852039166/ | four decimal parts",
      "https://127.1/ | four decimal parts",
      "https://0x7f000001/ | four decimal parts",
      "http://93.184.215.14/hook | must use https",
      "https://user:pass@93.184.215.14/ | user information",
      "https://no-such-host.invalid/ | does not resolve",
  })
  void refusedUrlsAre422WithTheReasonAndStoreNothing(String url, String reason) {
    TestConduit.Response refused = create(alice, url, "connection.needs_reauth");

    assertThat(refused.status()).isEqualTo(422);
    JsonObject error = refused.error();
    assertThat(error.getString("code")).isEqualTo("webhook_url_refused");
    assertThat(error.getString("detail")).contains(reason);
    assertThat(error.getJsonObject("source").getString("pointer")).isEqualTo("/data/attributes/url");
    assertThat(Sql.count("SELECT count(*) FROM webhook_endpoints")).isZero();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"" + PUBLIC_URL + "\",\"events\":[]}}} | /data/attributes/events",
      "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"connection.exploded\"]}}} | /data/attributes/events/0",
      "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"webhook.test\",\"webhook.test\"]}}} | /data/attributes/events",
      "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"events\":[\"webhook.test\"]}}} | /data/attributes/url",
      "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"webhook.test\"],\"owner\":\"bob\"}}} | /data/attributes/owner",
      "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"" + PUBLIC_URL + "\",\"events\":[\"webhook.test\"],\"secret\":\"whsec_mine\"}}} | /data/attributes/secret",
  })
  void invalidBodiesAre400PointingAtTheField(String body, String pointer) {
    TestConduit.Response invalid = conduit.call("POST", "/api/webhooks", alice, body);

    assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
    assertThat(invalid.error().getString("code")).isEqualTo("validation_failed");
    assertThat(invalid.error().getJsonObject("source").getString("pointer")).isEqualTo(pointer);
    assertThat(Sql.count("SELECT count(*) FROM webhook_endpoints")).isZero();
  }

  @Test
  void webhooksNeedAToken() {
    assertThat(conduit.call("GET", "/api/webhooks", null, null).status()).isEqualTo(401);
    assertThat(conduit.call("POST", "/api/webhooks", null, body(PUBLIC_URL, "webhook.test")).status()).isEqualTo(401);
  }

  @Test
  void deleteRemovesTheEndpointAndItsDeliveries() {
    String id = create(alice, PUBLIC_URL, "webhook.test").json().getJsonObject("data").getString("id");
    assertThat(conduit.call("POST", "/api/webhooks/" + id + "/test", alice, null).status()).isEqualTo(202);

    assertThat(conduit.call("DELETE", "/api/webhooks/" + id, alice, null).status()).isEqualTo(204);

    assertThat(conduit.call("GET", "/api/webhooks/" + id, alice, null).status()).isEqualTo(404);
    assertThat(conduit.call("DELETE", "/api/webhooks/" + id, alice, null).status()).isEqualTo(404);
    assertThat(Sql.count("SELECT count(*) FROM webhook_deliveries")).isZero();
  }

  @Test
  void aTestIsQueuedAndListedAsAPendingDelivery() {
    String id = create(alice, PUBLIC_URL, "connection.needs_reauth").json().getJsonObject("data").getString("id");

    TestConduit.Response queued = conduit.call("POST", "/api/webhooks/" + id + "/test", alice, null);

    assertThat(queued.status()).isEqualTo(202);
    String eventId = queued.json().getJsonObject("data").getString("id");
    assertThat(eventId).matches("evt_[0-9a-f]{32}");
    JsonArray deliveries = conduit.call("GET", "/api/webhooks/" + id + "/deliveries", alice, null).json()
        .getJsonArray("data");
    assertThat(deliveries).hasSize(1);
    JsonObject delivery = deliveries.getJsonObject(0);
    assertThat(delivery.getString("type")).isEqualTo("webhook-deliveries");
    assertThat(delivery.getJsonObject("attributes").getString("eventType")).isEqualTo("webhook.test");
    assertThat(delivery.getJsonObject("attributes").getString("eventId")).isEqualTo(eventId);
  }

  @Test
  void deliveriesArePagedNewestFirst() {
    String id = create(alice, PUBLIC_URL, "webhook.test").json().getJsonObject("data").getString("id");
    List<String> events = new java.util.ArrayList<>();
    for (int i = 0; i < 3; i++) {
      events.add(conduit.call("POST", "/api/webhooks/" + id + "/test", alice, null).json().getJsonObject("data")
          .getString("id"));
    }

    JsonObject first = conduit.call("GET", "/api/webhooks/" + id + "/deliveries?page%5Bsize%5D=2", alice, null).json();
    JsonObject second = conduit.call("GET", first.getJsonObject("links").getString("next"), alice, null).json();

    List<String> seen = new java.util.ArrayList<>();
    for (JsonObject page : List.of(first, second)) {
      page.getJsonArray("data").forEach(d -> seen.add(((JsonObject) d).getJsonObject("attributes").getString("eventId")));
    }
    assertThat(seen).containsExactly(events.get(2), events.get(1), events.get(0));
    assertThat(second.getJsonObject("links").containsKey("next")).isFalse();
    TestConduit.Response badSize = conduit.call("GET", "/api/webhooks/" + id + "/deliveries?page%5Bsize%5D=0", alice,
        null);
    assertThat(badSize.status()).isEqualTo(400);
    assertThat(badSize.error().getJsonObject("source").getString("parameter")).isEqualTo("page[size]");
    assertThat(conduit.call("GET", "/api/webhooks/" + id + "/deliveries?page%5Bcursor%5D=junk", alice, null).status())
        .isEqualTo(400);
  }

  // --- tenant isolation: Bob cannot tell Alice's endpoint from one that does not exist --------------------------

  @Test
  void anotherOwnerCanNeitherSeeNorTestNorDeleteAnEndpoint() {
    JsonObject alices = create(alice, PUBLIC_URL, "connection.needs_reauth").json().getJsonObject("data");
    String id = alices.getString("id");
    conduit.call("POST", "/api/webhooks/" + id + "/test", alice, null);
    String deliveryId = conduit.call("GET", "/api/webhooks/" + id + "/deliveries", alice, null).json()
        .getJsonArray("data").getJsonObject(0).getString("id");
    String missing = UUID.randomUUID().toString();

    assertSameAsMissing("GET", "/api/webhooks/" + id, "/api/webhooks/" + missing);
    assertSameAsMissing("POST", "/api/webhooks/" + id + "/test", "/api/webhooks/" + missing + "/test");
    assertSameAsMissing("DELETE", "/api/webhooks/" + id, "/api/webhooks/" + missing);
    assertSameAsMissing("GET", "/api/webhooks/" + id + "/deliveries", "/api/webhooks/" + missing + "/deliveries");
    assertSameAsMissing("POST", "/api/webhooks/" + id + "/deliveries/" + deliveryId + "/redeliver",
        "/api/webhooks/" + missing + "/deliveries/" + deliveryId + "/redeliver");
    assertThat(conduit.call("GET", "/api/webhooks", bob, null).json().getJsonArray("data")).isEmpty();

    assertThat(conduit.call("GET", "/api/webhooks/" + id, alice, null).status()).isEqualTo(200);
    assertThat(Sql.count("SELECT count(*) FROM webhook_events")).isEqualTo(1);
  }

  private void assertSameAsMissing(String method, String foreignPath, String missingPath) {
    String before = Sql.dump();

    TestConduit.Response foreign = conduit.call(method, foreignPath, bob, null);
    TestConduit.Response unknown = conduit.call(method, missingPath, bob, null);

    assertThat(foreign.status()).as(method + " " + foreignPath).isEqualTo(404);
    assertThat(foreign.body()).isEqualTo(unknown.body());
    assertThat(foreign.headers().keySet()).isEqualTo(unknown.headers().keySet());
    assertThat(foreign.error().getString("code")).isEqualTo("not_found");
    assertThat(Sql.dump()).isEqualTo(before);
  }

  @Test
  void idsThatAreNotUuidsAreUnknownIds() {
    assertThat(conduit.call("GET", "/api/webhooks/not-a-uuid", alice, null).status()).isEqualTo(404);
    String id = create(alice, PUBLIC_URL, "webhook.test").json().getJsonObject("data").getString("id");
    assertThat(conduit.call("POST", "/api/webhooks/" + id + "/deliveries/nope/redeliver", alice, null).status())
        .isEqualTo(404);
  }

  @Test
  void theSecretIsSealedUnderTheEndpointItBelongsTo() {
    create(alice, PUBLIC_URL, "webhook.test");
    String sealed = Sql.rows("SELECT encode(secret, 'hex') FROM webhook_endpoints").get(0);
    assertThat(sealed).doesNotContain(HexFormat.of().formatHex("whsec_".getBytes(StandardCharsets.UTF_8)));
  }
}
