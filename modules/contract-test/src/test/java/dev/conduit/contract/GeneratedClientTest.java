package dev.conduit.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.conduit.client.ApiClient;
import dev.conduit.client.ApiException;
import dev.conduit.client.api.ApiKeysApi;
import dev.conduit.client.api.AuditApi;
import dev.conduit.client.api.CatalogApi;
import dev.conduit.client.api.ConnectApi;
import dev.conduit.client.api.ConnectionsApi;
import dev.conduit.client.api.EventsApi;
import dev.conduit.client.api.OperationsApi;
import dev.conduit.client.api.ProxyApi;
import dev.conduit.client.api.WebhooksApi;
import dev.conduit.client.model.ApiKey;
import dev.conduit.client.model.ApiKeyCreate;
import dev.conduit.client.model.ApiKeyCreateData;
import dev.conduit.client.model.ApiKeyCreateDataAttributes;
import dev.conduit.client.model.ApiKeyCredentialInput;
import dev.conduit.client.model.ApiKeyScope;
import dev.conduit.client.model.ApiKeySecret;
import dev.conduit.client.model.AuditAction;
import dev.conduit.client.model.AuditEventList;
import dev.conduit.client.model.AuthType;
import dev.conduit.client.model.AuthorizationCreate;
import dev.conduit.client.model.AuthorizationCreateData;
import dev.conduit.client.model.AuthorizationCreateDataAttributes;
import dev.conduit.client.model.AuthorizationDocumentData;
import dev.conduit.client.model.BasicCredentialInput;
import dev.conduit.client.model.BasicSecret;
import dev.conduit.client.model.Category;
import dev.conduit.client.model.ConnectSession;
import dev.conduit.client.model.ConnectSessionCreate;
import dev.conduit.client.model.ConnectSessionCreateData;
import dev.conduit.client.model.ConnectSessionInput;
import dev.conduit.client.model.Connection;
import dev.conduit.client.model.ConnectionCreate;
import dev.conduit.client.model.ConnectionCreateData;
import dev.conduit.client.model.ConnectionCreateDataAttributes;
import dev.conduit.client.model.ConnectionUpdate;
import dev.conduit.client.model.ConnectionUpdateData;
import dev.conduit.client.model.ConnectionUpdateDataAttributes;
import dev.conduit.client.model.ConnectionList;
import dev.conduit.client.model.ConnectionStatus;
import dev.conduit.client.model.Connector;
import dev.conduit.client.model.ConnectorList;
import dev.conduit.client.model.CreatedApiKey;
import dev.conduit.client.model.CreatedWebhook;
import dev.conduit.client.model.CredentialDeposit;
import dev.conduit.client.model.CredentialDepositData;
import dev.conduit.client.model.CredentialInput;
import dev.conduit.client.model.Delivery;
import dev.conduit.client.model.DeliveryList;
import dev.conduit.client.model.DeliveryStatus;
import dev.conduit.client.model.Errors;
import dev.conduit.client.model.EventList;
import dev.conduit.client.model.EventType;
import dev.conduit.client.model.HealthStatus;
import dev.conduit.client.model.OAuthCredentialInput;
import dev.conduit.client.model.OAuthSecret;
import dev.conduit.client.model.RotatedWebhook;
import dev.conduit.client.model.WebhookCreate;
import dev.conduit.client.model.WebhookCreateData;
import dev.conduit.client.model.WebhookCreateDataAttributes;
import dev.conduit.client.model.WebhookStatus;
import dev.conduit.client.model.WebhookUpdate;
import dev.conduit.client.model.WebhookUpdateData;
import dev.conduit.client.model.WebhookUpdateDataAttributes;
import dev.conduit.http.OpenApiDocument;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.ArrayList;
import java.util.UUID;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Drives every operation of the served document through a Java client generated from it (OpenAPI Generator,
 * okhttp-gson, at build time from the file the server serves). Its models refuse a field the document does not
 * declare and a missing required one, so any drift between the server and the document fails here; error answers
 * surface as {@link ApiException} with the status, and their bodies are read with the generated {@link Errors}.
 */
@ExtendWith(SharedConduit.class)
class GeneratedClientTest {

  private static final Set<String> DRIVEN = new HashSet<>();

  private static ContractServer server;

  @BeforeAll
  static void start(ContractServer shared) {
    server = shared;
  }

  @AfterAll
  static void everyOperationWasDriven() {
    Set<String> documented = new DocumentedResponses(OpenApiDocument.fromClasspath().json()).operationIds();
    assertThat(DRIVEN).containsExactlyInAnyOrderElementsOf(documented);
  }

  @Test
  void catalog() throws ApiException {
    CatalogApi catalog = new CatalogApi(client(null));
    ConnectorList all = driven("listConnectors", () -> catalog.listConnectors(null, null, null));
    assertThat(all.getMeta().getCount()).isEqualTo(all.getData().size()).isGreaterThan(30);
    assertThat(catalog.listConnectors(AuthType.API_KEY, null, "stripe").getData()).extracting(Connector::getId)
        .containsExactly("stripe");
    ConnectorList crm = catalog.listConnectors(null, Category.CRM, null);
    assertThat(crm.getData()).extracting(Connector::getId).contains("salesforce", "hubspot");
    assertThat(crm.getMeta().getCategories()).isEqualTo(all.getMeta().getCategories())
        .containsEntry("crm", crm.getData().size());

    Connector github = driven("getConnector", () -> catalog.getConnector("github")).getData();
    assertThat(github.getAttributes().getOauth().getTokenUrl()).startsWith("https://");
    assertThat(github.getAttributes().getRateLimit().getPublished()).isTrue();
    assertThat(github.getAttributes().getConfigured()).isFalse();
    assertThat(catalog.getConnector(ContractServer.DEAD_CONNECTOR).getData().getAttributes().getConfigured()).isTrue();
    assertThat(catalog.getConnector("freshdesk").getData().getAttributes().getOauth()).isNull();
    assertError(() -> catalog.getConnector("no-such-connector"), 404, "not_found");
  }

  @Test
  void events() throws ApiException {
    String owner = newOwner();
    ConnectionsApi connections = new ConnectionsApi(client(owner));
    String id = connections.createConnection(connection("stripe")).getData().getId().toString();
    connections.depositCredential(id,
        deposit(new ApiKeyCredentialInput().kind(ApiKeyCredentialInput.KindEnum.API_KEY).apiKey("sk_test_1")));
    EventsApi events = new EventsApi(client(owner));

    EventList page = driven("listEvents", () -> events.listEvents(null, null, null));
    assertThat(page.getData()).singleElement().satisfies(event -> {
      assertThat(event.getType().getValue()).isEqualTo("events");
      assertThat(event.getAttributes().getType()).isEqualTo(EventType.CONNECTION_CONNECTED);
      assertThat(event.getAttributes().getData()).asInstanceOf(InstanceOfAssertFactories.MAP)
          .containsEntry("connectionId", id);
    });
    String last = page.getData().get(0).getId();
    assertThat(page.getLinks().getNext()).endsWith(last);
    assertThat(events.listEvents(1, last, "PT0S").getData()).isEmpty();
    assertError(() -> events.listEvents(null, null, "PT2M"), 400, "validation_failed");
    assertError(() -> events.listEvents(null, "evt_gone", null), 410, "cursor_expired");
    assertError(() -> new EventsApi(client(null)).listEvents(null, null, null), 401, "unauthorized");
    // the stream never ends by itself; its refusals do, and the generated client reads them as documented
    assertError(() -> driven("streamEvents", () -> events.streamEvents("evt_gone")), 410, "cursor_expired");
    assertError(() -> new EventsApi(client(null)).streamEvents(null), 401, "unauthorized");
  }

  @Test
  void apiKeys() throws ApiException {
    ApiKeysApi keys = new ApiKeysApi(client(newOwner()));
    ApiKeyCreate request = new ApiKeyCreate().data(new ApiKeyCreateData().type("api-keys").attributes(
        new ApiKeyCreateDataAttributes().name("ci").scopes(Set.of(ApiKeyScope.CONNECTIONS_READ))));
    CreatedApiKey created = driven("createApiKey", () -> keys.createApiKey(request)).getData();
    String key = created.getAttributes().getKey();
    String id = created.getId().toString();
    assertThat(created.getAttributes().getPrefix()).isEqualTo(key.substring(0, 12));
    assertThat(driven("listApiKeys", keys::listApiKeys).getData()).extracting(ApiKey::getId)
        .containsExactly(created.getId());
    assertThat(driven("getApiKey", () -> keys.getApiKey(id)).getData().getAttributes().getScopes())
        .containsExactly(ApiKeyScope.CONNECTIONS_READ);

    assertThat(new ConnectionsApi(client(key)).listConnections(null, null, null, null).getData()).isEmpty();
    assertError(() -> new WebhooksApi(client(key)).listWebhooks(), 403, "insufficient_scope");
    assertError(() -> new ApiKeysApi(client(key)).listApiKeys(), 403, "insufficient_scope");

    driven("deleteApiKey", () -> {
      keys.deleteApiKey(id);
      return null;
    });
    assertError(() -> keys.getApiKey(id), 404, "not_found");
    assertError(() -> new ConnectionsApi(client(key)).listConnections(null, null, null, null), 401, "unauthorized");
  }

  @Test
  void auditTrail() throws ApiException {
    String owner = newOwner();
    ConnectionsApi connections = new ConnectionsApi(client(owner));
    UUID id = connections.createConnection(connection("stripe")).getData().getId();
    assertError(() -> connections.vend(id.toString(), null), 409, "pending");
    AuditApi audit = new AuditApi(client(owner));
    // entries are written in batches, every second
    await().atMost(Duration.ofSeconds(30)).until(() -> audit.listAuditEvents(null, null, null, null, null)
        .getData().size() == 2);
    AuditEventList first = driven("listAuditEvents", () -> audit.listAuditEvents(null, null, null, 1, null));
    assertThat(first.getData()).singleElement().satisfies(entry -> {
      assertThat(entry.getAttributes().getAction()).isEqualTo(AuditAction.VEND);
      assertThat(entry.getAttributes().getOutcome()).isEqualTo("pending");
      assertThat(entry.getAttributes().getConnectionId()).isEqualTo(id);
    });
    AuditEventList second = audit.listAuditEvents(null, null, null, 1, cursorOf(first.getLinks().getNext()));
    assertThat(second.getData()).extracting(entry -> entry.getAttributes().getAction())
        .containsExactly(AuditAction.CONNECTION_CREATE);
    assertThat(audit.listAuditEvents(id, AuditAction.VEND, OffsetDateTime.parse("2020-01-01T00:00:00Z"), null, null)
        .getData()).hasSize(1);
    assertError(() -> audit.listAuditEvents(null, null, null, 0, null), 400, "validation_failed");
    assertError(() -> new AuditApi(client(null)).listAuditEvents(null, null, null, null, null), 401, "unauthorized");
  }

  @Test
  void authorizationFlow() throws ApiException {
    ConnectionsApi connections = new ConnectionsApi(client(newOwner()));
    String id = connections.createConnection(connection(ContractServer.OK_CONNECTOR)).getData().getId().toString();
    AuthorizationDocumentData flow = driven("authorizeConnection", () -> connections.authorizeConnection(id,
        new AuthorizationCreate().data(new AuthorizationCreateData().type("authorizations")
            .attributes(new AuthorizationCreateDataAttributes().scopes(List.of("read")))))).getData();
    assertThat(flow.getAttributes().getAuthorizeUrl()).contains("scope=read").contains("state=" + flow.getId());

    String page = driven("oauthCallback", () -> connections.oauthCallback(flow.getId(), "contract-code", null, null));
    assertThat(page).contains("account is connected").doesNotContain(flow.getId());
    assertThat(connections.getConnection(id).getData().getAttributes().getStatus())
        .isEqualTo(ConnectionStatus.ACTIVE);
  }

  @Test
  void connectionLifecycle() throws ApiException {
    ConnectionsApi connections = new ConnectionsApi(client(newOwner()));
    Connection created = driven("createConnection", () -> connections.createConnection(connection("stripe")
        .data(new ConnectionCreateData().type("connections").attributes(new ConnectionCreateDataAttributes()
            .connector("stripe").label("billing").metadata(Map.of("team", "infra")))))).getData();
    assertThat(created.getAttributes().getStatus()).isEqualTo(ConnectionStatus.PENDING);
    assertThat(created.getAttributes().getCredential()).isNull();
    assertThat(created.getAttributes().getLabel()).isEqualTo("billing");
    String id = created.getId().toString();

    assertError(() -> connections.vend(id, null), 409, "pending");
    Connection active = driven("depositCredential", () -> connections.depositCredential(id,
        deposit(new ApiKeyCredentialInput().kind(ApiKeyCredentialInput.KindEnum.API_KEY).apiKey("sk_test_1"))))
        .getData();
    assertThat(active.getAttributes().getStatus()).isEqualTo(ConnectionStatus.ACTIVE);
    assertThat(active.getAttributes().getCredential().getKind()).isEqualTo(AuthType.API_KEY);
    ApiKeySecret key = driven("vend", () -> connections.vend(id, null)).getData().getAttributes().getApiKeySecret();
    assertThat(key.getApiKey()).isEqualTo("sk_test_1");
    assertThat(key.getApiSecret()).isNull();

    assertThat(driven("getConnection", () -> connections.getConnection(id)).getData().getAttributes().getStatus())
        .isEqualTo(ConnectionStatus.ACTIVE);
    Connection renamed = driven("updateConnection", () -> connections.updateConnection(id, new ConnectionUpdate().data(
        new ConnectionUpdateData().type("connections").attributes(new ConnectionUpdateDataAttributes()
            .label("renamed").metadata(Map.of("team", "infra")))))).getData();
    assertThat(renamed.getAttributes().getLabel()).isEqualTo("renamed");
    assertThat(renamed.getAttributes().getStatus()).isEqualTo(ConnectionStatus.ACTIVE);
    connections.createConnection(connection("freshdesk"));
    ConnectionList first = driven("listConnections", () -> connections.listConnections(null, null, 1, null));
    assertThat(first.getData()).hasSize(1);
    ConnectionList second = connections.listConnections(null, null, 1, cursorOf(first.getLinks().getNext()));
    assertThat(second.getData()).extracting(Connection::getId).containsExactly(created.getId());
    assertThat(second.getLinks().getNext()).isNull();
    assertThat(connections.listConnections(ConnectionStatus.ACTIVE, "stripe", null, null).getData()).hasSize(1);

    Connection revoked = driven("revokeConnection", () -> connections.revokeConnection(id)).getData();
    assertThat(revoked.getAttributes().getStatus()).isEqualTo(ConnectionStatus.REVOKED);
    assertThat(revoked.getMeta().getStatusReason()).isEqualTo("revoked_by_owner");
    assertError(() -> connections.vend(id, null), 410, "revoked");
    assertError(() -> connections.depositCredential(id, deposit(new ApiKeyCredentialInput()
        .kind(ApiKeyCredentialInput.KindEnum.API_KEY).apiKey("sk_test_2"))), 410, "revoked");

    driven("deleteConnection", () -> {
      connections.deleteConnection(id);
      return null;
    });
    assertError(() -> connections.getConnection(id), 404, "not_found");
    assertError(() -> connections.deleteConnection(id), 404, "not_found");
    assertError(() -> connections.revokeConnection(id), 404, "not_found");
  }

  @Test
  void depositsAndVendsOfEveryKind() throws ApiException {
    ConnectionsApi connections = new ConnectionsApi(client(newOwner()));

    String basic = connections.createConnection(connection("freshdesk")).getData().getId().toString();
    connections.depositCredential(basic, deposit(new BasicCredentialInput().kind(BasicCredentialInput.KindEnum.BASIC)
        .username("agent").password("pw")));
    BasicSecret login = connections.vend(basic, false).getData().getAttributes().getBasicSecret();
    assertThat(login.getUsername()).isEqualTo("agent");
    assertThat(login.getPassword()).isEqualTo("pw");

    String oauth = connections.createConnection(connection("github")).getData().getId().toString();
    OffsetDateTime expiresAt = OffsetDateTime.now().plusDays(1).withNano(0);
    Connection deposited = connections.depositCredential(oauth, deposit(new OAuthCredentialInput()
        .kind(OAuthCredentialInput.KindEnum.OAUTH2).accessToken("gho_1").expiresAt(expiresAt)
        .scopes(List.of("repo")))).getData();
    assertThat(deposited.getAttributes().getCredential().getScopes()).containsExactly("repo");
    assertThat(deposited.getMeta().getRefresh().getFailureCount()).isZero();
    OAuthSecret token = connections.vend(oauth, null).getData().getAttributes().getOAuthSecret();
    assertThat(token.getAccessToken()).isEqualTo("gho_1");
    assertThat(token.getTokenType()).isEqualTo("Bearer");
    assertThat(token.getExpiresAt().toInstant()).isEqualTo(expiresAt.toInstant());

    assertError(() -> connections.depositCredential(oauth, deposit(new ApiKeyCredentialInput()
        .kind(ApiKeyCredentialInput.KindEnum.API_KEY).apiKey("k"))), 422, "kind_mismatch");
    assertError(() -> connections.vend(UUID.randomUUID().toString(), null), 404, "not_found");

    OffsetDateTime expired = OffsetDateTime.now().minusMinutes(1);
    String dead = connections.createConnection(connection(ContractServer.DEAD_CONNECTOR)).getData().getId().toString();
    connections.depositCredential(dead, deposit(new OAuthCredentialInput().kind(OAuthCredentialInput.KindEnum.OAUTH2)
        .accessToken("old").refreshToken("dead").expiresAt(expired)));
    assertError(() -> connections.vend(dead, null), 409, "needs_reauth");
    Connection needsReauth = connections.getConnection(dead).getData();
    assertThat(needsReauth.getAttributes().getStatus()).isEqualTo(ConnectionStatus.NEEDS_REAUTH);
    assertThat(needsReauth.getMeta().getStatusReason()).isNotBlank();

    String down = connections.createConnection(connection(ContractServer.DOWN_CONNECTOR)).getData().getId().toString();
    connections.depositCredential(down, deposit(new OAuthCredentialInput().kind(OAuthCredentialInput.KindEnum.OAUTH2)
        .accessToken("old").refreshToken("alive").expiresAt(expired)));
    assertError(() -> connections.vend(down, null), 503, "provider_unavailable");
    assertThat(connections.getConnection(down).getData().getMeta().getRefresh().getFailureCount()).isPositive();
  }

  @Test
  void badRequestsAreRefusedWithTheDocumentedStatus() {
    ConnectionsApi connections = new ConnectionsApi(client(newOwner()));
    assertError(() -> connections.createConnection(connection("no-such-connector")), 422, "unknown_connector");
    assertError(() -> connections.createConnection(new ConnectionCreate().data(new ConnectionCreateData()
        .type("webhooks").attributes(new ConnectionCreateDataAttributes().connector("stripe")))), 409, "conflict");
    assertError(() -> connections.createConnection(new ConnectionCreate().data(new ConnectionCreateData()
        .type("connections").attributes(new ConnectionCreateDataAttributes().connector("stripe")
            .label("l".repeat(201))))), 400, "validation_failed");
    assertError(() -> connections.createConnection(new ConnectionCreate().data(new ConnectionCreateData()
        .type("connections").attributes(new ConnectionCreateDataAttributes().connector("stripe")
            .label("l".repeat(70_000))))), 413, "payload_too_large");
    assertError(() -> connections.listConnections(null, null, 0, null), 400, "validation_failed");
    assertError(() -> connections.listConnections(null, null, null, "not-a-cursor"), 400, "validation_failed");
    assertError(() -> new ConnectionsApi(client(null)).listConnections(null, null, null, null), 401, "unauthorized");
    assertError(() -> new ConnectionsApi(client("not.a.jwt")).vend(UUID.randomUUID().toString(), null), 401,
        "unauthorized");
  }

  @Test
  void webhooks() throws ApiException {
    WebhooksApi webhooks = new WebhooksApi(client(newOwner()));
    CreatedWebhook created = driven("createWebhook", () -> webhooks.createWebhook(webhook(server.webhookUrl(),
        EventType.WEBHOOK_TEST, EventType.CONNECTION_NEEDS_REAUTH))).getData();
    assertThat(created.getAttributes().getSecret()).startsWith("whsec_");
    assertThat(created.getAttributes().getStatus()).isEqualTo(WebhookStatus.ACTIVE);
    String id = created.getId().toString();
    assertError(() -> webhooks.createWebhook(webhook("http://169.254.169.254/latest", EventType.WEBHOOK_TEST)), 422,
        "webhook_url_refused");
    assertError(() -> webhooks.createWebhook(new WebhookCreate().data(new WebhookCreateData().type("connections")
        .attributes(new WebhookCreateDataAttributes().url(server.webhookUrl()).events(Set.of(EventType.WEBHOOK_TEST))))),
        409, "conflict");

    assertThat(driven("listWebhooks", webhooks::listWebhooks).getData()).extracting(w -> w.getId().toString())
        .containsExactly(id);
    assertThat(driven("getWebhook", () -> webhooks.getWebhook(id)).getData().getAttributes().getEvents())
        .containsExactlyInAnyOrder(EventType.WEBHOOK_TEST, EventType.CONNECTION_NEEDS_REAUTH);
    assertThat(driven("updateWebhook", () -> webhooks.updateWebhook(id, new WebhookUpdate().data(
        new WebhookUpdateData().type("webhooks").attributes(new WebhookUpdateDataAttributes().enabled(true)))))
        .getData().getAttributes().getStatus()).isEqualTo(WebhookStatus.ACTIVE);
    RotatedWebhook rotated = driven("rotateWebhookSecret", () -> webhooks.rotateWebhookSecret(id)).getData();
    assertThat(rotated.getAttributes().getSecret()).startsWith("whsec_")
        .isNotEqualTo(created.getAttributes().getSecret());
    assertThat(rotated.getMeta().getPreviousSecretExpiresAt()).isNotNull();
    assertError(() -> new WebhooksApi(client(newOwner())).rotateWebhookSecret(id), 404, "not_found");

    String eventId = driven("testWebhook", () -> webhooks.testWebhook(id)).getData().getId();
    webhooks.testWebhook(id);
    await().atMost(Duration.ofSeconds(30)).until(() -> driven("listDeliveries", () -> webhooks.listDeliveries(id, null, null))
        .getData(), deliveries -> deliveries.size() == 2
        && deliveries.stream().allMatch(d -> d.getAttributes().getStatus() == DeliveryStatus.DELIVERED));
    DeliveryList first = webhooks.listDeliveries(id, 1, null);
    DeliveryList second = webhooks.listDeliveries(id, 1, cursorOf(first.getLinks().getNext()));
    List<Delivery> both = List.of(first.getData().get(0), second.getData().get(0));
    assertThat(both).extracting(d -> d.getAttributes().getEventType()).containsOnly(EventType.WEBHOOK_TEST);
    assertThat(both).extracting(d -> d.getAttributes().getEventId()).contains(eventId);
    Delivery delivered = second.getData().get(0);
    assertThat(delivered.getAttributes().getHistory()).isNotEmpty()
        .allSatisfy(attempt -> assertThat(attempt.getStatusCode()).isEqualTo(200));

    String deliveryId = delivered.getId().toString();
    driven("redeliver", () -> {
      webhooks.redeliver(id, deliveryId);
      return null;
    });
    assertError(() -> webhooks.redeliver(id, UUID.randomUUID().toString()), 404, "not_found");
    assertError(() -> new WebhooksApi(client(newOwner())).getWebhook(id), 404, "not_found");

    driven("deleteWebhook", () -> {
      webhooks.deleteWebhook(id);
      return null;
    });
    assertError(() -> webhooks.getWebhook(id), 404, "not_found");
    assertError(() -> webhooks.testWebhook(id), 404, "not_found");
    assertError(() -> webhooks.listDeliveries(id, null, null), 404, "not_found");
  }

  @Test
  void operations() throws ApiException {
    OperationsApi operations = new OperationsApi(client(null));
    assertThat(driven("healthLive", operations::healthLive).getStatus()).isEqualTo(HealthStatus.UP);
    assertThat(driven("healthReady", operations::healthReady).getChecks()).extracting(c -> c.getId())
        .contains("database", "migrations", "vault", "refresh", "notify");
    assertThat(driven("metrics", operations::metrics)).contains("# TYPE");
    assertThat(driven("openapi", operations::openapi)).isEqualTo(OpenApiDocument.fromClasspath().yaml());
    assertThat(driven("home", operations::home)).contains("/openapi.yaml");
  }

  @Test
  void connectSessions() throws ApiException {
    ConnectionsApi connections = new ConnectionsApi(client(newOwner()));
    ConnectSession session = driven("createConnectSession", () -> connections.createConnectSession(
        new ConnectSessionCreate().data(new ConnectSessionCreateData().type("connect-sessions").attributes(
            new ConnectSessionInput().addConnectorsItem("stripe").label("Ada").metadata(Map.of("user", "42"))))))
        .getData();
    assertThat(session.getType()).isEqualTo(ConnectSession.TypeEnum.CONNECT_SESSIONS);
    assertThat(session.getAttributes().getUrl()).matches("http://localhost:[0-9]+/connect/[A-Za-z0-9_-]{43}");
    assertThat(session.getAttributes().getConnectors()).containsExactly("stripe");
    assertThat(session.getAttributes().getConnectionId()).isNull();
    assertError(() -> connections.createConnectSession(new ConnectSessionCreate().data(
        new ConnectSessionCreateData().type("connect-sessions").attributes(
            new ConnectSessionInput().addConnectorsItem("no-such-connector")))), 422, "unknown_connector");

    ConnectApi connect = new ConnectApi(client(null));
    String token = session.getAttributes().getUrl().substring(session.getAttributes().getUrl().lastIndexOf('/') + 1);
    assertThat(driven("connectPage", () -> connect.connectPage(token, null, null))).contains("Connect Stripe");
    // the generated client holds no cookie: the form's CSRF check refuses it, and nothing is stored
    assertThatThrownBy(() -> driven("connectCredential", () -> connect.connectCredential(token, "A".repeat(43),
        "stripe", "sk_test_1", null, null, null))).isInstanceOfSatisfying(ApiException.class,
            e -> assertThat(e.getCode()).isEqualTo(403));
    assertThatThrownBy(() -> driven("connectAuthorize", () -> {
      connect.connectAuthorize(token, "A".repeat(43), "stripe");
      return null;
    })).isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(403));
  }

  /** A call through the generated client; records which operation it drove. */
  @Test
  void proxy() throws ApiException {
    ConnectionsApi connections = new ConnectionsApi(client(newOwner()));
    ProxyApi proxy = new ProxyApi(connections.getApiClient());
    // three connections: each may make 2 calls an hour
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      String id = connections.createConnection(connection(ContractServer.API_CONNECTOR)).getData().getId().toString();
      connections.depositCredential(id, deposit(new ApiKeyCredentialInput().kind(ApiKeyCredentialInput.KindEnum.API_KEY)
          .apiKey("contract-key")));
      ids.add(id);
    }
    assertThat(driven("proxyGet", () -> proxy.proxyGetWithHttpInfo(ids.get(0), "items")).getStatusCode())
        .isEqualTo(200);
    assertThat(driven("proxyPost", () -> proxy.proxyPostWithHttpInfo(ids.get(0), "items", null)).getStatusCode())
        .isEqualTo(200);
    driven("proxyPut", () -> proxy.proxyPutWithHttpInfo(ids.get(1), "items", null));
    driven("proxyPatch", () -> proxy.proxyPatchWithHttpInfo(ids.get(1), "items", null));
    driven("proxyDelete", () -> proxy.proxyDeleteWithHttpInfo(ids.get(2), "items"));
    assertError(() -> proxy.proxyGet(ids.get(0), "items"), 429, "rate_limited");
    assertError(() -> proxy.proxyGet(UUID.randomUUID().toString(), "items"), 404, "not_found");
    String pending = connections.createConnection(connection(ContractServer.API_CONNECTOR)).getData().getId().toString();
    assertError(() -> proxy.proxyDelete(pending, "items"), 409, "pending");
  }

  @FunctionalInterface
  private interface Call<T> {
    T call() throws ApiException;
  }

  /** A call whose answer does not matter, only that it fails. */
  @FunctionalInterface
  private interface Action {
    void run() throws ApiException;
  }

  private static <T> T driven(String operationId, Call<T> call) throws ApiException {
    synchronized (DRIVEN) {
      DRIVEN.add(operationId);
    }
    return call.call();
  }

  /** The call fails with {@code status}, and its body is a JSON:API error document the generated model accepts. */
  private static void assertError(Action call, int status, String code) {
    assertThatThrownBy(call::run).isInstanceOfSatisfying(ApiException.class, e -> {
      assertThat(e.getCode()).as(e.getResponseBody()).isEqualTo(status);
      try {
        assertThat(Errors.fromJson(e.getResponseBody()).getErrors().get(0).getCode()).isEqualTo(code);
      } catch (IOException notAnErrorDocument) {
        throw new UncheckedIOException(notAnErrorDocument);
      }
    });
  }

  private static ApiClient client(String bearer) {
    ApiClient client = new ApiClient().setBasePath(server.baseUrl());
    if (bearer != null) {
      client.setBearerToken(bearer);
    }
    return client;
  }

  private static String newOwner() {
    return server.token("client-" + UUID.randomUUID());
  }

  private static ConnectionCreate connection(String connector) {
    return new ConnectionCreate().data(new ConnectionCreateData().type("connections")
        .attributes(new ConnectionCreateDataAttributes().connector(connector)));
  }

  private static CredentialDeposit deposit(Object attributes) {
    return new CredentialDeposit().data(new CredentialDepositData().type("credentials")
        .attributes(new CredentialInput(attributes)));
  }

  private static WebhookCreate webhook(String url, EventType... events) {
    return new WebhookCreate().data(new WebhookCreateData().type("webhooks")
        .attributes(new WebhookCreateDataAttributes().url(url).events(new LinkedHashSet<>(Arrays.asList(events)))));
  }

  /** The opaque cursor inside a {@code links.next} URL, to hand back through the client's parameter. */
  private static String cursorOf(String nextLink) {
    assertThat(nextLink).isNotNull();
    for (String pair : URI.create(nextLink).getRawQuery().split("&")) {
      String[] nameValue = pair.split("=", 2);
      if (URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8).equals("page[cursor]")) {
        return URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8);
      }
    }
    throw new AssertionError("no page[cursor] in " + nextLink);
  }
}
