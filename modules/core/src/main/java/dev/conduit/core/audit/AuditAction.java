package dev.conduit.core.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What an audit entry records. {@link #PROXY} and the {@code api_key.*} actions are part of the contract; nothing
 * writes them until the proxy and API keys exist.
 */
public enum AuditAction {
  CONNECTION_CREATE("connection.create"),
  CREDENTIAL_DEPOSIT("credential.deposit"),
  VEND("vend"),
  PROXY("proxy"),
  REFRESH("refresh"),
  NEEDS_REAUTH("needs_reauth"),
  REAUTHORIZE("reauthorize"),
  REVOKE("revoke"),
  DELETE("delete"),
  WEBHOOK_CREATE("webhook.create"),
  WEBHOOK_DELETE("webhook.delete"),
  WEBHOOK_ROTATE_SECRET("webhook.rotate_secret"),
  API_KEY_CREATE("api_key.create"),
  API_KEY_DELETE("api_key.delete"),
  CONNECT_SESSION_CREATE("connect_session.create");

  private static final Map<String, AuditAction> BY_WIRE_NAME = Arrays.stream(values())
      .collect(Collectors.toUnmodifiableMap(AuditAction::wireName, Function.identity()));

  private final String wireName;

  AuditAction(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The action named {@code wireName}; null for null. */
  public static AuditAction fromWireName(String wireName) {
    if (wireName == null) {
      return null;
    }
    AuditAction action = BY_WIRE_NAME.get(wireName);
    if (action == null) {
      throw new IllegalArgumentException("unknown audit action " + wireName);
    }
    return action;
  }
}
