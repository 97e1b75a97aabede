package dev.conduit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.conduit.http.OpenApiDocument;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Calls every operation over plain HTTP — successes and the error answers the document declares — and holds each
 * response to the document: a status it does not declare for the operation, a media type it does not declare, or
 * a field its schema does not declare fails the test.
 */
@ExtendWith(SharedConduit.class)
class ResponsesMatchDocumentTest {

  private static final String BIG = "x".repeat(70 * 1024);
  private static final String INSUFFICIENT_SCOPE = "#/components/responses/InsufficientScope";

  private static ContractServer server;
  private static DocumentedResponses document;
  private static PlainHttp http;

  @BeforeAll
  static void start(ContractServer shared) {
    server = shared;
    document = new DocumentedResponses(OpenApiDocument.fromClasspath().json());
    http = new PlainHttp(server.baseUrl(), document);
  }

  /**
   * Every operation was called, and every status the document declares was seen, except those a healthy server
   * on one machine cannot be made to give without breaking the other tests: a database or component that does not
   * answer (503 service_unavailable: the app module's DatabaseOutageTest plays the database's faults on a server of
   * its own), a stored secret that does not open (500 seal_corrupt), and not being ready; and a connect form posted
   * by an owner at limits.connections-per-owner (the app module's OwnerLimitsTest sees that page), or a connect
   * page's OAuth button pressed after the deployment lost the connector's client (a session can only be made for a
   * configured one) or by an owner at that limit.
   */
  @AfterAll
  static void everyOperationAndDeclaredStatusWasSeen() {
    assertThat(http.called()).containsExactlyInAnyOrderElementsOf(document.operationIds());
    Set<String> unseen = new TreeSet<>(document.declaredAnswers());
    unseen.removeAll(http.answers());
    assertThat(unseen).containsExactlyInAnyOrder("createConnection 503", "listConnections 503", "getConnection 503", "updateConnection 503",
        "deleteConnection 503", "depositCredential 503", "revokeConnection 503", "createWebhook 503", "updateWebhook 503",
        "listWebhooks 503", "getWebhook 503", "deleteWebhook 503", "testWebhook 503", "listDeliveries 503",
        "redeliver 503", "vend 500", "healthReady 503", "createConnectSession 503",
        "connectPage 503", "connectCredential 503", "connectCredential 422", "authorizeConnection 503",
        "connectAuthorize 503", "connectAuthorize 422",
        "oauthCallback 503", "listAuditEvents 503", "rotateWebhookSecret 500", "listEvents 503", "streamEvents 503",
        "rotateWebhookSecret 503", "createApiKey 503", "listApiKeys 503", "getApiKey 503", "deleteApiKey 503",
        "proxyGet 503", "proxyPost 503", "proxyPut 503", "proxyPatch 503", "proxyDelete 503");
  }

  @Test
  void catalog() {
    JsonObject all = http.expect(200, "listConnectors", "GET", "/api/connectors", null).json();
    assertThat(all.getJsonObject("meta").getInteger("count")).isEqualTo(all.getJsonArray("data").size());
    http.expect(200, "listConnectors", "GET", "/api/connectors?filter%5BauthType%5D=api_key&filter%5Bq%5D=str", null);
    http.expect(400, "listConnectors", "GET", "/api/connectors?filter%5BauthType%5D=carrier_pigeon", null);
    http.expect(200, "listConnectors", "GET", "/api/connectors?filter%5Bcategory%5D=crm", null);
    http.expect(400, "listConnectors", "GET", "/api/connectors?filter%5Bcategory%5D=games", null);
    http.expect(200, "getConnector", "GET", "/api/connectors/github", null);
    http.expect(200, "getConnector", "GET", "/api/connectors/stripe", null);
    http.expect(200, "getConnector", "GET", "/api/connectors/freshdesk", null);
    http.expect(200, "getConnector", "GET", "/api/connectors/" + ContractServer.DEAD_CONNECTOR, null);
    http.expect(404, "getConnector", "GET", "/api/connectors/no-such-connector", null);
  }

  @Test
  void connections() {
    String token = newOwnerToken();
    String created = create(token, "stripe").getString("id");
    http.expect(401, "createConnection", "POST", "/api/connections", null, connection("stripe"));
    http.expect(409, "createConnection", "POST", "/api/connections", token,
        "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"connector\":\"stripe\"}}}");
    http.expect(422, "createConnection", "POST", "/api/connections", token, connection("no-such-connector"));
    http.expect(400, "createConnection", "POST", "/api/connections", token, "{\"data\":");
    http.expect(400, "createConnection", "POST", "/api/connections", token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"stripe\",\"owner\":\"mallory\"}}}");
    http.expect(413, "createConnection", "POST", "/api/connections", token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"stripe\",\"label\":\"" + BIG + "\"}}}");
    http.expect(415, "createConnection", "POST", "/api/connections", token, "text/plain", "connector=stripe");

    create(token, "freshdesk");
    JsonObject page = http.expect(200, "listConnections", "GET", "/api/connections?page%5Bsize%5D=1", token).json();
    String next = page.getJsonObject("links").getString("next");
    assertThat(next).isNotNull();
    http.expect(200, "listConnections", "GET", next, token);
    http.expect(200, "listConnections", "GET", "/api/connections?filter%5Bstatus%5D=pending&filter%5Bconnector%5D=stripe",
        token);
    http.expect(400, "listConnections", "GET", "/api/connections?page%5Bcursor%5D=not-a-cursor", token);
    http.expect(400, "listConnections", "GET", "/api/connections?filter%5Bstatus%5D=asleep", token);
    http.expect(400, "listConnections", "GET", "/api/connections?page%5Bsize%5D=0", token);
    http.expect(401, "listConnections", "GET", "/api/connections", null);

    http.expect(200, "getConnection", "GET", "/api/connections/" + created, token);
    http.expect(404, "getConnection", "GET", "/api/connections/" + UUID.randomUUID(), token);
    http.expect(404, "getConnection", "GET", "/api/connections/" + created, newOwnerToken());
    http.expect(401, "getConnection", "GET", "/api/connections/" + created, null);

    String path = "/api/connections/" + created;
    assertThat(http.expect(200, "updateConnection", "PATCH", path, token,
        update("{\"label\":\"renamed\",\"metadata\":{\"team\":\"infra\"}}")).data()
        .getJsonObject("attributes").getString("label")).isEqualTo("renamed");
    http.expect(200, "updateConnection", "PATCH", path, token, update("{\"label\":null}"));
    http.expect(400, "updateConnection", "PATCH", path, token, update("{\"connector\":\"slack\"}"));
    http.expect(401, "updateConnection", "PATCH", path, null, update("{}"));
    http.expect(404, "updateConnection", "PATCH", path, newOwnerToken(), update("{}"));
    http.expect(409, "updateConnection", "PATCH", path, token,
        "{\"data\":{\"type\":\"connections\",\"id\":\"" + UUID.randomUUID() + "\",\"attributes\":{}}}");
    http.expect(413, "updateConnection", "PATCH", path, token, update("{\"label\":\"" + BIG + "\"}"));
    http.expect(415, "updateConnection", "PATCH", path, token, "text/plain", "label=x");

    http.expect(200, "revokeConnection", "POST", "/api/connections/" + created + "/revoke", token);
    http.expect(200, "revokeConnection", "POST", "/api/connections/" + created + "/revoke", token);
    http.expect(404, "revokeConnection", "POST", "/api/connections/" + UUID.randomUUID() + "/revoke", token);
    http.expect(401, "revokeConnection", "POST", "/api/connections/" + created + "/revoke", null);

    http.expect(204, "deleteConnection", "DELETE", "/api/connections/" + created, token);
    http.expect(404, "deleteConnection", "DELETE", "/api/connections/" + created, token);
    http.expect(401, "deleteConnection", "DELETE", "/api/connections/" + created, null);
  }

  @Test
  void credentialsAndVend() {
    String token = newOwnerToken();
    String apiKey = create(token, "stripe").getString("id");
    http.expect(409, "vend", "POST", vend(apiKey), token);
    JsonObject deposited = http.expect(200, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"api_key\",\"apiKey\":\"sk_test_contract\",\"apiSecret\":\"shh\"}")).data();
    assertThat(deposited.getJsonObject("attributes").getString("status")).isEqualTo("active");
    http.expect(200, "vend", "POST", vend(apiKey), token);
    http.expect(422, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"at\"}"));
    http.expect(400, "depositCredential", "PUT", credential(apiKey), token, deposit("{\"kind\":\"api_key\"}"));
    http.expect(400, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"api_key\",\"apiKey\":\"k\",\"username\":\"u\"}"));
    http.expect(409, "depositCredential", "PUT", credential(apiKey), token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"kind\":\"api_key\",\"apiKey\":\"k\"}}}");

    // the deposit is a oneOf on kind: a refusal speaks of the branch the kind chose, not of the others
    assertThat(pointers(http.expect(400, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"expiresIn\":0}"))))
        .containsExactly("/data/attributes/expiresIn");
    assertThat(pointers(http.expect(400, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"a\",\"apiKey\":\"k\"}"))))
        .containsExactly("/data/attributes/apiKey");
    assertThat(pointers(http.expect(400, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"accessToken\":\"a\"}")))).containsExactly("/data/attributes/kind");
    PlainHttp.Answer unknownKind = http.expect(400, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"saml\",\"accessToken\":\"a\"}"));
    assertThat(pointers(unknownKind)).containsExactly("/data/attributes/kind");
    assertThat(unknownKind.json().getJsonArray("errors").getJsonObject(0).getString("detail"))
        .contains("oauth2", "api_key", "basic");
    http.expect(413, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"api_key\",\"apiKey\":\"" + BIG + "\"}"));
    http.expect(415, "depositCredential", "PUT", credential(apiKey), token, "text/plain", "sk_test_contract");
    http.expect(404, "depositCredential", "PUT", credential(UUID.randomUUID().toString()), token,
        deposit("{\"kind\":\"api_key\",\"apiKey\":\"k\"}"));
    http.expect(401, "depositCredential", "PUT", credential(apiKey), null, deposit("{\"kind\":\"api_key\",\"apiKey\":\"k\"}"));

    String basic = create(token, "freshdesk").getString("id");
    http.expect(200, "depositCredential", "PUT", credential(basic), token,
        deposit("{\"kind\":\"basic\",\"username\":\"agent\",\"password\":\"pw\"}"));
    http.expect(200, "vend", "POST", vend(basic), token);

    String oauth = create(token, "github").getString("id");
    http.expect(200, "depositCredential", "PUT", credential(oauth), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"gho_contract\",\"expiresIn\":86400,\"scopes\":[\"repo\"],"
            + "\"tokenType\":\"Bearer\"}"));
    http.expect(200, "getConnection", "GET", "/api/connections/" + oauth, token);
    http.expect(200, "vend", "POST", vend(oauth), token);
    http.expect(200, "vend", "POST", vend(oauth) + "?forceRefresh=false", token);
    http.expect(400, "vend", "POST", vend(oauth) + "?forceRefresh=perhaps", token);
    http.expect(404, "vend", "POST", vend(UUID.randomUUID().toString()), token);
    http.expect(404, "vend", "POST", vend("not-a-uuid"), token);
    http.expect(401, "vend", "POST", vend(oauth), null);

    String expired = "\"expiresAt\":\"" + Instant.now().minusSeconds(60) + "\"";
    String dead = create(token, ContractServer.DEAD_CONNECTOR).getString("id");
    http.expect(200, "depositCredential", "PUT", credential(dead), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"old\",\"refreshToken\":\"dead\"," + expired + "}"));
    assertThat(http.expect(409, "vend", "POST", vend(dead), token).errorCode()).isEqualTo("needs_reauth");
    JsonObject needsReauth = http.expect(200, "getConnection", "GET", "/api/connections/" + dead, token).data();
    assertThat(needsReauth.getJsonObject("attributes").getString("status")).isEqualTo("needs_reauth");
    assertThat(needsReauth.getJsonObject("meta").getString("statusReason")).isNotBlank();

    String down = create(token, ContractServer.DOWN_CONNECTOR).getString("id");
    http.expect(200, "depositCredential", "PUT", credential(down), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"old\",\"refreshToken\":\"alive\"," + expired + "}"));
    assertThat(http.expect(503, "vend", "POST", vend(down), token).errorCode()).isEqualTo("provider_unavailable");
    http.expect(200, "getConnection", "GET", "/api/connections/" + down, token);
    PlainHttp.Answer forcedDown = http.expect(503, "vend", "POST", vend(down) + "?forceRefresh=true", token);
    assertThat(forcedDown.errorCode()).isEqualTo("provider_unavailable");
    assertThat(forcedDown.header("Retry-After")).matches("[0-9]+");

    // this deployment holds no OAuth client for github: a deposit says so, and a vend that needs a refresh too
    String unconfigured = create(token, "github").getString("id");
    JsonObject noClient = http.expect(200, "depositCredential", "PUT", credential(unconfigured), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"old\",\"refreshToken\":\"rt\"," + expired + "}")).data();
    assertThat(noClient.getJsonObject("meta").getJsonObject("refresh").getString("notConfigured"))
        .contains("CONDUIT_CONNECTOR_GITHUB_CLIENT_ID");
    assertThat(http.expect(503, "vend", "POST", vend(unconfigured), token).errorCode())
        .isEqualTo("connector_not_configured");

    http.expect(200, "revokeConnection", "POST", "/api/connections/" + apiKey + "/revoke", token);
    http.expect(410, "vend", "POST", vend(apiKey), token);
    http.expect(410, "depositCredential", "PUT", credential(apiKey), token,
        deposit("{\"kind\":\"api_key\",\"apiKey\":\"k\"}"));
    http.expect(200, "listConnections", "GET", "/api/connections", token);
  }

  @Test
  void authorization() {
    String token = newOwnerToken();
    String id = create(token, ContractServer.OK_CONNECTOR).getString("id");
    String path = "/api/connections/" + id + "/authorize";
    http.expect(200, "authorizeConnection", "POST", path, token);
    String withRedirect = http.expect(200, "authorizeConnection", "POST", path, token,
        authorization("\"redirectAfter\":\"" + ContractServer.APP_ORIGIN + "/done\"")).data().getString("id");
    http.expect(400, "authorizeConnection", "POST", path, token, authorization("\"owner\":\"bob\""));
    http.expect(401, "authorizeConnection", "POST", path, null);
    http.expect(404, "authorizeConnection", "POST", "/api/connections/" + UUID.randomUUID() + "/authorize", token);
    http.expect(409, "authorizeConnection", "POST", path, token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{}}}");
    http.expect(413, "authorizeConnection", "POST", path, token, authorization("\"redirectAfter\":\"" + BIG + "\""));
    http.expect(415, "authorizeConnection", "POST", path, token, "text/plain", "redirect");
    assertThat(http.expect(422, "authorizeConnection", "POST", path, token,
        authorization("\"redirectAfter\":\"https://evil.example/done\"")).errorCode())
        .isEqualTo("redirect_not_allowed");
    String apiKey = create(token, "stripe").getString("id");
    assertThat(http.expect(422, "authorizeConnection", "POST", "/api/connections/" + apiKey + "/authorize", token)
        .errorCode()).isEqualTo("not_oauth");
    http.expect(200, "revokeConnection", "POST", "/api/connections/" + apiKey + "/revoke", token);
    http.expect(410, "authorizeConnection", "POST", "/api/connections/" + apiKey + "/authorize", token);

    String state = http.expect(200, "authorizeConnection", "POST", path, token).data().getString("id");
    http.expect(200, "oauthCallback", "GET", "/oauth/callback?code=contract-code&state=" + state, null);
    http.expect(400, "oauthCallback", "GET", "/oauth/callback?code=contract-code&state=" + state, null);
    http.expect(400, "oauthCallback", "GET", "/oauth/callback?error=access_denied", null);
    PlainHttp.Answer back = http.expect(302, "oauthCallback", "GET",
        "/oauth/callback?error=access_denied&state=" + withRedirect, null);
    assertThat(back.header("Location")).isEqualTo(ContractServer.APP_ORIGIN + "/done?connection=" + id
        + "&error=access_denied");
  }

  private static String authorization(String attributes) {
    return "{\"data\":{\"type\":\"authorizations\",\"attributes\":{" + attributes + "}}}";
  }

  @Test
  void webhooks() {
    String token = newOwnerToken();
    String body = webhook(server.webhookUrl(), "[\"webhook.test\",\"connection.needs_reauth\"]");
    JsonObject created = http.expect(201, "createWebhook", "POST", "/api/webhooks", token, body).data();
    String id = created.getString("id");
    assertThat(created.getJsonObject("attributes").getString("secret")).startsWith("whsec_");
    http.expect(401, "createWebhook", "POST", "/api/webhooks", null, body);
    http.expect(409, "createWebhook", "POST", "/api/webhooks", token, body.replace("\"webhooks\"", "\"connections\""));
    http.expect(422, "createWebhook", "POST", "/api/webhooks", token,
        webhook("http://169.254.169.254/latest", "[\"webhook.test\"]"));
    http.expect(400, "createWebhook", "POST", "/api/webhooks", token, webhook(server.webhookUrl(), "[]"));
    http.expect(413, "createWebhook", "POST", "/api/webhooks", token, webhook(server.webhookUrl() + BIG, "[]"));
    http.expect(415, "createWebhook", "POST", "/api/webhooks", token, "text/plain", server.webhookUrl());

    http.expect(200, "listWebhooks", "GET", "/api/webhooks", token);
    http.expect(401, "listWebhooks", "GET", "/api/webhooks", null);
    http.expect(200, "getWebhook", "GET", "/api/webhooks/" + id, token);
    http.expect(404, "getWebhook", "GET", "/api/webhooks/" + id, newOwnerToken());
    http.expect(401, "getWebhook", "GET", "/api/webhooks/" + id, null);

    String path = "/api/webhooks/" + id;
    assertThat(http.expect(200, "updateWebhook", "PATCH", path, token, webhookUpdate("{\"enabled\":false}")).data()
        .getJsonObject("attributes").getString("status")).isEqualTo("disabled");
    String rotate = path + "/rotate-secret";
    // a disabled endpoint's answer carries its status reason beside the overlap's end
    JsonObject rotated = http.expect(200, "rotateWebhookSecret", "POST", rotate, token).data();
    assertThat(rotated.getJsonObject("meta").getString("statusReason")).isNotBlank();
    assertThat(rotated.getJsonObject("attributes").getString("secret")).startsWith("whsec_")
        .isNotEqualTo(created.getJsonObject("attributes").getString("secret"));
    http.expect(200, "updateWebhook", "PATCH", path, token, webhookUpdate("{\"enabled\":true,\"url\":\""
        + server.webhookUrl() + "\",\"events\":[\"webhook.test\",\"connection.needs_reauth\"]}"));
    http.expect(400, "updateWebhook", "PATCH", path, token, webhookUpdate("{\"secret\":\"whsec_x\"}"));
    assertThat(http.expect(200, "rotateWebhookSecret", "POST", rotate, token).data().getJsonObject("meta")
        .getString("previousSecretExpiresAt")).isNotBlank();
    http.expect(404, "rotateWebhookSecret", "POST", rotate, newOwnerToken());
    http.expect(404, "rotateWebhookSecret", "POST", "/api/webhooks/" + UUID.randomUUID() + "/rotate-secret", token);
    http.expect(401, "rotateWebhookSecret", "POST", rotate, null);
    http.expect(401, "updateWebhook", "PATCH", path, null, webhookUpdate("{}"));
    http.expect(404, "updateWebhook", "PATCH", path, newOwnerToken(), webhookUpdate("{}"));
    http.expect(409, "updateWebhook", "PATCH", path, token,
        "{\"data\":{\"type\":\"webhooks\",\"id\":\"" + UUID.randomUUID() + "\",\"attributes\":{}}}");
    http.expect(413, "updateWebhook", "PATCH", path, token, webhookUpdate("{\"url\":\"" + BIG + "\"}"));
    http.expect(415, "updateWebhook", "PATCH", path, token, "text/plain", "enabled=false");
    http.expect(422, "updateWebhook", "PATCH", path, token,
        webhookUpdate("{\"url\":\"http://169.254.169.254/latest\"}"));

    JsonObject event = http.expect(202, "testWebhook", "POST", "/api/webhooks/" + id + "/test", token).data();
    assertThat(event.getString("id")).isNotBlank();
    http.expect(202, "testWebhook", "POST", "/api/webhooks/" + id + "/test", token);
    http.expect(404, "testWebhook", "POST", "/api/webhooks/" + UUID.randomUUID() + "/test", token);
    http.expect(401, "testWebhook", "POST", "/api/webhooks/" + id + "/test", null);

    String deliveries = "/api/webhooks/" + id + "/deliveries";
    await().atMost(Duration.ofSeconds(30)).until(() -> http.expect(200, "listDeliveries", "GET", deliveries, token)
        .json().getJsonArray("data").stream().map(JsonObject.class::cast).toList(), all -> all.size() == 2
        && all.stream().allMatch(delivery -> delivery.getJsonObject("attributes").getString("status").equals("delivered")));
    JsonObject page = http.expect(200, "listDeliveries", "GET", deliveries + "?page%5Bsize%5D=1", token).json();
    String deliveryId = page.getJsonArray("data").getJsonObject(0).getString("id");
    http.expect(200, "listDeliveries", "GET", page.getJsonObject("links").getString("next"), token);
    http.expect(400, "listDeliveries", "GET", deliveries + "?page%5Bcursor%5D=not-a-cursor", token);
    http.expect(404, "listDeliveries", "GET", "/api/webhooks/" + UUID.randomUUID() + "/deliveries", token);
    http.expect(401, "listDeliveries", "GET", deliveries, null);

    String redeliver = deliveries + "/" + deliveryId + "/redeliver";
    http.expect(202, "redeliver", "POST", redeliver, token);
    http.expect(404, "redeliver", "POST", deliveries + "/" + UUID.randomUUID() + "/redeliver", token);
    http.expect(401, "redeliver", "POST", redeliver, null);

    http.expect(204, "deleteWebhook", "DELETE", "/api/webhooks/" + id, token);
    http.expect(404, "deleteWebhook", "DELETE", "/api/webhooks/" + id, token);
    http.expect(401, "deleteWebhook", "DELETE", "/api/webhooks/" + id, null);
  }

  @Test
  void connectSessions() {
    String token = newOwnerToken();
    String connection = create(token, "stripe").getString("id");
    String path = "/api/connect-sessions";
    JsonObject session = http.expect(201, "createConnectSession", "POST", path, token, connectSession(
        "\"connectors\":[\"stripe\",\"freshdesk\"],\"label\":\"Ada\",\"metadata\":{\"user\":\"42\"}")).data();
    assertThat(session.getJsonObject("attributes").getString("url")).matches("http://localhost:[0-9]+/connect/[A-Za-z0-9_-]{43}");
    http.expect(201, "createConnectSession", "POST", path, token, connectSession(""));
    http.expect(201, "createConnectSession", "POST", path, token, "{\"data\":{\"type\":\"connect-sessions\"}}");
    http.expect(201, "createConnectSession", "POST", path, token,
        connectSession("\"connectionId\":\"" + connection + "\""));
    http.expect(422, "createConnectSession", "POST", path, token,
        connectSession("\"redirectAfter\":\"https://elsewhere.example/\""));
    http.expect(400, "createConnectSession", "POST", path, token, connectSession("\"owner\":\"mallory\""));
    http.expect(401, "createConnectSession", "POST", path, null, connectSession(""));
    http.expect(404, "createConnectSession", "POST", path, newOwnerToken(),
        connectSession("\"connectionId\":\"" + connection + "\""));
    http.expect(409, "createConnectSession", "POST", path, token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{}}}");
    http.expect(413, "createConnectSession", "POST", path, token, connectSession("\"label\":\"" + BIG + "\""));
    http.expect(415, "createConnectSession", "POST", path, token, "text/plain", "connectors=stripe");
    http.expect(422, "createConnectSession", "POST", path, token,
        connectSession("\"connectors\":[\"no-such-connector\"]"));
    http.expect(200, "revokeConnection", "POST", "/api/connections/" + connection + "/revoke", token);
    http.expect(410, "createConnectSession", "POST", path, token,
        connectSession("\"connectionId\":\"" + connection + "\""));
  }

  @Test
  void connectPages() {
    String token = newOwnerToken();
    String page = connectPath(token, "\"connectors\":[\"stripe\",\"" + ContractServer.DEAD_CONNECTOR + "\"]");
    PlainHttp.Answer list = http.expect(200, "connectPage", "GET", page, null);
    assertThat(list.response().body()).contains("Stripe");
    http.expect(200, "connectPage", "GET", page + "?q=str", null);
    http.expect(200, "connectPage", "GET", page + "?connector=" + ContractServer.DEAD_CONNECTOR, null);
    PlainHttp.Answer form = http.expect(200, "connectPage", "GET", page + "?connector=stripe", null);
    String cookie = form.header("Set-Cookie").split(";", 2)[0];
    String csrf = cookie.substring(cookie.indexOf('=') + 1);
    http.expect(400, "connectPage", "GET", page + "?sort=name", null);
    http.expect(404, "connectPage", "GET", page + "?connector=no-such-connector", null);
    http.expect(404, "connectPage", "GET", "/connect/" + "x".repeat(43), null);

    Map<String, String> headers = Map.of("Cookie", cookie, "Content-Type", "application/x-www-form-urlencoded");
    String credential = page + "/credential";
    http.expectWithHeaders(403, "connectCredential", "POST", credential, Map.of("Content-Type",
        "application/x-www-form-urlencoded"), "csrf=" + csrf + "&connector=stripe&apiKey=k");
    http.expectWithHeaders(400, "connectCredential", "POST", credential, headers, "csrf=" + csrf + "&connector=stripe");
    http.expectWithHeaders(400, "connectCredential", "POST", credential + "?sort=name", headers,
        "csrf=" + csrf + "&connector=stripe&apiKey=k");
    http.expectWithHeaders(404, "connectCredential", "POST", "/connect/" + "x".repeat(43) + "/credential", headers,
        "csrf=" + csrf + "&connector=stripe&apiKey=k");
    String authorize = page + "/authorize";
    String button = "csrf=" + csrf + "&connector=" + ContractServer.DEAD_CONNECTOR;
    assertThat(http.expectWithHeaders(303, "connectAuthorize", "POST", authorize, headers, button).header("Location"))
        .contains("state=");
    http.expectWithHeaders(403, "connectAuthorize", "POST", authorize, Map.of("Content-Type",
        "application/x-www-form-urlencoded"), button);
    http.expectWithHeaders(400, "connectAuthorize", "POST", authorize, headers, "csrf=" + csrf + "&connector=stripe");
    http.expectWithHeaders(400, "connectAuthorize", "POST", authorize + "?sort=name", headers, button);
    http.expectWithHeaders(404, "connectAuthorize", "POST", "/connect/" + "x".repeat(43) + "/authorize", headers,
        button);
    http.expectWithHeaders(200, "connectCredential", "POST", credential, headers, "csrf=" + csrf + "&connector=stripe&apiKey=k");
    http.expect(410, "connectPage", "GET", page, null);
    http.expectWithHeaders(410, "connectCredential", "POST", credential, headers, "csrf=" + csrf + "&connector=stripe&apiKey=k");
    http.expectWithHeaders(410, "connectAuthorize", "POST", authorize, headers, button);

    String back = connectPath(token, "\"connectors\":[\"stripe\"],\"redirectAfter\":\"https://app.example/done\"");
    http.expectWithHeaders(302, "connectCredential", "POST", back + "/credential", headers,
        "csrf=" + csrf + "&connector=stripe&apiKey=k");
  }

  @Test
  void operations() throws Exception {
    assertThat(http.expect(200, "home", "GET", "/", null).response().body()).contains("/openapi.yaml");
    assertThat(http.expectAccepting(200, "home", "/", "application/json").json().getString("openapi"))
        .isEqualTo("/openapi.yaml");
    http.expect(200, "healthLive", "GET", "/health/live", null);
    http.expect(200, "healthReady", "GET", "/health/ready", null);
    assertThat(http.expect(200, "metrics", "GET", "/metrics", null).response().body()).contains("# TYPE");
    String served = http.expect(200, "openapi", "GET", "/openapi.yaml", null).response().body();
    assertThat(served).isEqualTo(Files.readString(Path.of(System.getProperty("conduit.openapi"))));
  }

  /** JSON:API: a query parameter an operation does not define is a 400 — for every operation, public or not. */
  @Test
  void unknownQueryParameters() {
    String token = newOwnerToken();
    String some = UUID.randomUUID().toString();
    String q = "?sort=-createdAt";
    http.expect(400, "listConnectors", "GET", "/api/connectors" + q, null);
    http.expect(400, "getConnector", "GET", "/api/connectors/github" + q, null);
    http.expect(400, "createConnection", "POST", "/api/connections" + q, token, connection("stripe"));
    http.expect(400, "listConnections", "GET", "/api/connections" + q, token);
    http.expect(400, "getConnection", "GET", "/api/connections/" + some + q, token);
    http.expect(400, "updateConnection", "PATCH", "/api/connections/" + some + q, token, update("{}"));
    http.expect(400, "deleteConnection", "DELETE", "/api/connections/" + some + q, token);
    http.expect(400, "depositCredential", "PUT", credential(some) + q, token, deposit("{\"kind\":\"api_key\",\"apiKey\":\"k\"}"));
    http.expect(400, "vend", "POST", vend(some) + q, token);
    http.expect(400, "revokeConnection", "POST", "/api/connections/" + some + "/revoke" + q, token);
    http.expect(400, "createWebhook", "POST", "/api/webhooks" + q, token, webhook(server.webhookUrl(), "[\"webhook.test\"]"));
    http.expect(400, "listWebhooks", "GET", "/api/webhooks" + q, token);
    http.expect(400, "getWebhook", "GET", "/api/webhooks/" + some + q, token);
    http.expect(400, "updateWebhook", "PATCH", "/api/webhooks/" + some + q, token, webhookUpdate("{}"));
    http.expect(400, "deleteWebhook", "DELETE", "/api/webhooks/" + some + q, token);
    http.expect(400, "testWebhook", "POST", "/api/webhooks/" + some + "/test" + q, token);
    http.expect(400, "rotateWebhookSecret", "POST", "/api/webhooks/" + some + "/rotate-secret" + q, token);
    http.expect(400, "listDeliveries", "GET", "/api/webhooks/" + some + "/deliveries" + q, token);
    http.expect(400, "redeliver", "POST", "/api/webhooks/" + some + "/deliveries/" + some + "/redeliver" + q, token);
    http.expect(400, "healthLive", "GET", "/health/live" + q, null);
    http.expect(400, "healthReady", "GET", "/health/ready" + q, null);
    http.expect(400, "metrics", "GET", "/metrics" + q, null);
    http.expect(400, "openapi", "GET", "/openapi.yaml" + q, null);
    http.expect(400, "home", "GET", "/" + q, null);
    http.expect(400, "connectPage", "GET", "/connect/" + some + q, null);
    http.expect(400, "createConnectSession", "POST", "/api/connect-sessions" + q, token, connectSession(""));
    http.expect(400, "listAuditEvents", "GET", "/api/audit-events" + q, token);
    http.expect(400, "listEvents", "GET", "/api/events" + q, token);
    http.expect(400, "streamEvents", "GET", "/api/events/stream" + q, token);
  }

  @Test
  void apiKeys() {
    String token = newOwnerToken();
    JsonObject created = http.expect(201, "createApiKey", "POST", "/api/api-keys", token,
        apiKey("{\"name\":\"ci\",\"scopes\":[\"connections:read\"],\"expiresAt\":null}")).data();
    String key = created.getJsonObject("attributes").getString("key");
    String self = "/api/api-keys/" + created.getString("id");
    http.expect(201, "createApiKey", "POST", "/api/api-keys", token,
        apiKey("{\"name\":\"nightly\",\"scopes\":[\"audit:read\"],\"expiresAt\":\"2999-01-01T00:00:00Z\"}"));
    http.expect(400, "createApiKey", "POST", "/api/api-keys", token,
        apiKey("{\"name\":\"late\",\"scopes\":[\"audit:read\"],\"expiresAt\":\"2020-01-01T00:00:00Z\"}"));
    http.expect(400, "createApiKey", "POST", "/api/api-keys", token, apiKey("{\"name\":\"x\",\"scopes\":[\"root\"]}"));
    http.expect(401, "createApiKey", "POST", "/api/api-keys", null, apiKey("{\"name\":\"x\",\"scopes\":[]}"));
    http.expect(403, "createApiKey", "POST", "/api/api-keys", key, apiKey("{\"name\":\"x\",\"scopes\":[\"audit:read\"]}"));
    http.expect(409, "createApiKey", "POST", "/api/api-keys", token,
        "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"name\":\"x\",\"scopes\":[\"audit:read\"]}}}");
    http.expect(413, "createApiKey", "POST", "/api/api-keys", token, apiKey("{\"name\":\"" + BIG + "\"}"));
    http.expect(415, "createApiKey", "POST", "/api/api-keys", token, "text/plain", "name=x");
    http.expect(201, "createApiKey", "POST", "/api/api-keys", token, apiKey("{\"name\":\"third\",\"scopes\":[\"audit:read\"]}"));
    http.expect(422, "createApiKey", "POST", "/api/api-keys", token, apiKey("{\"name\":\"fourth\",\"scopes\":[\"audit:read\"]}"));

    http.expect(200, "listApiKeys", "GET", "/api/api-keys", token);
    http.expect(400, "listApiKeys", "GET", "/api/api-keys?page%5Bsize%5D=1", token);
    http.expect(401, "listApiKeys", "GET", "/api/api-keys", null);
    http.expect(200, "getApiKey", "GET", self, token);
    http.expect(400, "getApiKey", "GET", self + "?x=1", token);
    http.expect(401, "getApiKey", "GET", self, null);
    http.expect(404, "getApiKey", "GET", self, newOwnerToken());
    http.expect(200, "listConnections", "GET", "/api/connections", key);
    http.expect(400, "deleteApiKey", "DELETE", self + "?x=1", token);
    http.expect(401, "deleteApiKey", "DELETE", self, null);
    http.expect(404, "deleteApiKey", "DELETE", self, newOwnerToken());
    http.expect(204, "deleteApiKey", "DELETE", self, token);
    http.expect(404, "deleteApiKey", "DELETE", self, token);
    http.expect(401, "listConnections", "GET", "/api/connections", key);
  }

  /**
   * Every operation that declares the 403 of insufficient scope, called with an API key that lacks its scope (the scope is checked before
   * anything else, so made-up ids and an empty body do): the refusal matches the document, its challenge included.
   */
  @Test
  void insufficientScope() {
    String token = newOwnerToken();
    String auditOnly = http.expect(201, "createApiKey", "POST", "/api/api-keys", token,
        apiKey("{\"name\":\"audit\",\"scopes\":[\"audit:read\"]}")).data().getJsonObject("attributes").getString("key");
    String readOnly = http.expect(201, "createApiKey", "POST", "/api/api-keys", token,
        apiKey("{\"name\":\"read\",\"scopes\":[\"connections:read\"]}")).data().getJsonObject("attributes").getString("key");
    JsonObject paths = OpenApiDocument.fromClasspath().json().getJsonObject("paths");
    int called = 0;
    for (String path : paths.fieldNames()) {
      for (String method : List.of("get", "put", "post", "patch", "delete")) {
        JsonObject operation = paths.getJsonObject(path).getJsonObject(method);
        JsonObject forbidden = operation == null ? null : operation.getJsonObject("responses").getJsonObject("403");
        if (forbidden == null || !INSUFFICIENT_SCOPE.equals(forbidden.getString("$ref"))) {
          continue;
        }
        String operationId = operation.getString("operationId");
        String concrete = path.replaceAll("\\{[^}]*}", UUID.randomUUID().toString());
        String body = method.equals("get") || method.equals("delete") ? null : "{}";
        PlainHttp.Answer refused = http.expect(403, operationId, method.toUpperCase(), concrete,
            operationId.equals("listAuditEvents") ? readOnly : auditOnly, body);
        assertThat(refused.response().headers().firstValue("WWW-Authenticate")).as(operationId)
            .get(InstanceOfAssertFactories.STRING).startsWith("Bearer error=\"insufficient_scope\"");
        called++;
      }
    }
    assertThat(called).isGreaterThanOrEqualTo(24);
  }

  @Test
  void auditEvents() {
    String token = newOwnerToken();
    String created = create(token, "stripe").getString("id");
    http.expect(409, "vend", "POST", vend(created), token);
    // entries are written in batches, every second
    await().atMost(Duration.ofSeconds(30)).until(() -> http.expect(200, "listAuditEvents", "GET",
        "/api/audit-events", token).json().getJsonArray("data").size() == 2);
    JsonObject page = http.expect(200, "listAuditEvents", "GET", "/api/audit-events?page%5Bsize%5D=1", token).json();
    http.expect(200, "listAuditEvents", "GET", page.getJsonObject("links").getString("next"), token);
    http.expect(200, "listAuditEvents", "GET", "/api/audit-events?filter%5Bconnection%5D=" + created
        + "&filter%5Baction%5D=connection.create&filter%5Bsince%5D=2020-01-01T00%3A00%3A00Z", token);
    http.expect(400, "listAuditEvents", "GET", "/api/audit-events?filter%5Baction%5D=teleport", token);
    http.expect(400, "listAuditEvents", "GET", "/api/audit-events?filter%5Bconnection%5D=nope", token);
    http.expect(400, "listAuditEvents", "GET", "/api/audit-events?page%5Bcursor%5D=not-a-cursor", token);
    http.expect(401, "listAuditEvents", "GET", "/api/audit-events", null);
  }

  @Test
  void events() throws IOException {
    String token = newOwnerToken();
    String created = create(token, "stripe").getString("id");
    http.expect(200, "depositCredential", "PUT", "/api/connections/" + created + "/credential", token,
        "{\"data\":{\"type\":\"credentials\",\"attributes\":{\"kind\":\"api_key\",\"apiKey\":\"sk_test_1\"}}}");
    JsonObject page = http.expect(200, "listEvents", "GET", "/api/events?page%5Bsize%5D=1", token).json();
    String next = page.getJsonObject("links").getString("next");
    http.expect(200, "listEvents", "GET", next + "&wait=PT1S", token);
    http.expect(400, "listEvents", "GET", "/api/events?wait=PT2M", token);
    http.expect(400, "listEvents", "GET", "/api/events?page%5Bafter%5D=not%20an%20id", token);
    http.expect(401, "listEvents", "GET", "/api/events", null);
    http.expect(410, "listEvents", "GET", "/api/events?page%5Bafter%5D=evt_gone", token);

    List<InputStream> streams = new ArrayList<>();
    try {
      InputStream first = http.expectOpenStream("streamEvents", "/api/events/stream", token);
      streams.add(first);
      assertThat(new String(first.readNBytes(4), StandardCharsets.UTF_8)).isEqualTo("id: ");
      while (streams.size() < 10) {
        streams.add(http.expectOpenStream("streamEvents", "/api/events/stream", token));
      }
      http.expect(429, "streamEvents", "GET", "/api/events/stream", token);
    } finally {
      for (InputStream stream : streams) {
        stream.close();
      }
    }
    http.expectWithHeaders(400, "streamEvents", "GET", "/api/events/stream",
        Map.of("Authorization", "Bearer " + token, "Last-Event-ID", "not an id"), null);
    http.expect(401, "streamEvents", "GET", "/api/events/stream", null);
    http.expectWithHeaders(410, "streamEvents", "GET", "/api/events/stream",
        Map.of("Authorization", "Bearer " + token, "Last-Event-ID", "evt_gone"), null);
  }

  private static List<String> pointers(PlainHttp.Answer answer) {
    return answer.json().getJsonArray("errors").stream()
        .map(error -> ((JsonObject) error).getJsonObject("source").getString("pointer")).toList();
  }

  private static String newOwnerToken() {
    return server.token("contract-" + UUID.randomUUID());
  }

  private static JsonObject create(String token, String connector) {
    return http.expect(201, "createConnection", "POST", "/api/connections", token,
        "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"" + connector
            + "\",\"label\":\"contract\",\"metadata\":{\"team\":\"infra\"}}}}").data();
  }

  private static String apiKey(String attributes) {
    return "{\"data\":{\"type\":\"api-keys\",\"attributes\":" + attributes + "}}";
  }

  private static String update(String attributes) {
    return "{\"data\":{\"type\":\"connections\",\"attributes\":" + attributes + "}}";
  }

  private static String connection(String connector) {
    return "{\"data\":{\"type\":\"connections\",\"attributes\":{\"connector\":\"" + connector + "\"}}}";
  }

  /** The path of a new connect session's page. */
  /** Every proxy operation: the provider's answer and each of Conduit's own. */
  @Test
  void proxy() {
    String token = newOwnerToken();
    String key = deposit("{\"kind\":\"api_key\",\"apiKey\":\"contract-key\"}");
    String noApi = create(token, ContractServer.OK_CONNECTOR).getString("id");
    http.expect(200, "depositCredential", "PUT", credential(noApi), token,
        deposit("{\"kind\":\"oauth2\",\"accessToken\":\"at\",\"refreshToken\":\"rt\",\"expiresIn\":3600}"));
    String pending = create(token, ContractServer.API_CONNECTOR).getString("id");
    String revoked = create(token, ContractServer.API_CONNECTOR).getString("id");
    http.expect(200, "depositCredential", "PUT", credential(revoked), token, key);
    http.expect(200, "revokeConnection", "POST", "/api/connections/" + revoked + "/revoke", token);
    String unreachable = create(token, ContractServer.UNREACHABLE_API_CONNECTOR).getString("id");
    http.expect(200, "depositCredential", "PUT", credential(unreachable), token, key);
    String silent = create(token, ContractServer.SILENT_API_CONNECTOR).getString("id");
    http.expect(200, "depositCredential", "PUT", credential(silent), token, key);
    String tooBig = "x".repeat(ContractServer.PROXY_MAX_BODY + 1);
    for (String method : List.of("GET", "POST", "PUT", "PATCH", "DELETE")) {
      String operation = "proxy" + method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT);
      // a connection of its own per method: its ceiling is 2 calls an hour
      String id = create(token, ContractServer.API_CONNECTOR).getString("id");
      http.expect(200, "depositCredential", "PUT", credential(id), token, key);
      http.expect(200, operation, method, proxy(id, "items?page=1"), token, "application/json", "{}");
      http.expect(200, operation, method, proxy(id, "items/2"), token);
      http.expect(429, operation, method, proxy(id, "items/3"), token);
      http.expect(400, operation, method, proxy(id, "a/b/%2e%2e/c"), token);
      http.expect(401, operation, method, proxy(id, "items"), null);
      http.expect(404, operation, method, proxy(UUID.randomUUID().toString(), "items"), token);
      http.expect(404, operation, method, proxy(id, "items"), newOwnerToken());
      http.expect(409, operation, method, proxy(pending, "items"), token);
      http.expect(410, operation, method, proxy(revoked, "items"), token);
      http.expect(413, operation, method, proxy(id, "upload"), token, "application/octet-stream", tooBig);
      http.expect(422, operation, method, proxy(noApi, "items"), token);
      http.expect(502, operation, method, proxy(unreachable, "items"), token);
      http.expect(504, operation, method, proxy(silent, "items"), token);
    }
  }

  private static String proxy(String id, String path) {
    return "/api/connections/" + id + "/proxy/" + path;
  }

  private static String connectPath(String token, String attributes) {
    String url = http.expect(201, "createConnectSession", "POST", "/api/connect-sessions", token,
        connectSession(attributes)).data().getJsonObject("attributes").getString("url");
    return java.net.URI.create(url).getPath();
  }

  private static String connectSession(String attributes) {
    return "{\"data\":{\"type\":\"connect-sessions\",\"attributes\":{" + attributes + "}}}";
  }

  private static String deposit(String attributes) {
    return "{\"data\":{\"type\":\"credentials\",\"attributes\":" + attributes + "}}";
  }

  private static String webhookUpdate(String attributes) {
    return "{\"data\":{\"type\":\"webhooks\",\"attributes\":" + attributes + "}}";
  }

  private static String webhook(String url, String events) {
    return "{\"data\":{\"type\":\"webhooks\",\"attributes\":{\"url\":\"" + url + "\",\"events\":" + events + "}}}";
  }

  private static String credential(String id) {
    return "/api/connections/" + id + "/credential";
  }

  private static String vend(String id) {
    return "/api/connections/" + id + "/vend";
  }
}
