package dev.conduit.http;

import dev.conduit.core.error.ErrorCode;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.RoutingContext;
import io.vertx.openapi.contract.Location;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.contract.Parameter;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rejects query parameters the operation does not declare (JSON:API: an unsupported parameter is a 400), so
 * a misspelt {@code filter[stauts]} fails loudly instead of silently returning everything.
 */
final class QueryParameterGuard implements RequestCheck {

  private final Set<String> declared;

  QueryParameterGuard(Operation operation) {
    this.declared = operation.getParameters().stream()
        .filter(p -> p.getIn() == Location.QUERY)
        .map(Parameter::getName)
        .collect(Collectors.toUnmodifiableSet());
  }

  @Override
  public void check(RoutingContext ctx) {
    if (ctx.queryParams().isEmpty()) {
      return;
    }
    JsonArray errors = new JsonArray();
    for (String name : ctx.queryParams().names()) {
      if (!declared.contains(name)) {
        errors.add(JsonApi.error(ErrorCode.VALIDATION_FAILED, "Unknown query parameter; this operation takes "
            + (declared.isEmpty() ? "none." : "only " + String.join(", ", declared.stream().sorted().toList()) + "."),
            null, name));
      }
    }
    if (!errors.isEmpty()) {
      throw new InvalidRequest(400, errors);
    }
  }
}
