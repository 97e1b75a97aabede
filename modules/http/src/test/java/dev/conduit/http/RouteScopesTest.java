package dev.conduit.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.conduit.core.apikey.ApiKeyScope;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The route → scope table against the OpenAPI document: every operation that needs a bearer token has an entry (a
 * new route without one fails here, before the server refuses to start with it), and every such operation declares
 * the 403 an API key without the scope gets.
 */
class RouteScopesTest {

  private static final Set<String> METHODS = Set.of("get", "put", "post", "patch", "delete");

  @Test
  void everySecuredOperationNeedsAScopeOrAJwtAndDeclaresTheRefusal() {
    JsonObject paths = OpenApiDocument.fromClasspath().json().getJsonObject("paths");
    List<String> secured = new ArrayList<>();
    for (String path : paths.fieldNames()) {
      JsonObject item = paths.getJsonObject(path);
      for (String method : item.fieldNames()) {
        JsonObject operation = METHODS.contains(method) ? item.getJsonObject(method) : null;
        if (operation == null || operation.getJsonArray("security", new io.vertx.core.json.JsonArray()).isEmpty()) {
          continue;
        }
        String route = method.toUpperCase() + " " + path;
        secured.add(route);
        assertThat(RouteScopes.of(method, path)).as(route).isPresent();
        assertThat(operation.getJsonObject("responses").getJsonObject("403").getString("$ref")).as(route)
            .isEqualTo("#/components/responses/InsufficientScope");
      }
    }
    assertThat(secured).hasSizeGreaterThanOrEqualTo(24);
  }

  @Test
  void theScopesAreThoseApiMdGivesEachRoute() {
    assertThat(RouteScopes.of("POST", "/api/connections/{id}/vend"))
        .contains(new RouteScopes.Scoped(ApiKeyScope.CREDENTIALS_VEND));
    assertThat(RouteScopes.of("PATCH", "/api/connections/{connectionId}"))
        .contains(new RouteScopes.Scoped(ApiKeyScope.CONNECTIONS_WRITE));
    assertThat(RouteScopes.of("GET", "/api/connections/{id}/proxy/{path}"))
        .contains(new RouteScopes.Scoped(ApiKeyScope.CREDENTIALS_VEND));
    assertThat(RouteScopes.of("DELETE", "/api/connections/{id}/proxy/repos/x"))
        .contains(new RouteScopes.Scoped(ApiKeyScope.CREDENTIALS_VEND));
    assertThat(RouteScopes.of("GET", "/api/events/stream")).contains(new RouteScopes.Scoped(ApiKeyScope.EVENTS_READ));
    assertThat(RouteScopes.of("GET", "/api/events")).contains(new RouteScopes.Scoped(ApiKeyScope.EVENTS_READ));
    assertThat(RouteScopes.of("DELETE", "/api/api-keys/{id}")).contains(new RouteScopes.JwtOnly());
    assertThat(RouteScopes.of("GET", "/api/somewhere-new")).isEmpty();
  }
}
