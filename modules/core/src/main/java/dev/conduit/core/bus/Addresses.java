package dev.conduit.core.bus;

/**
 * Every event-bus address, in one place. Request/reply addresses are {@code conduit.<verticle>.<action>};
 * published events are {@code conduit.connection.<event>}.
 */
public final class Addresses {

  /** Request/reply: the VaultVerticle answers with its {@link ComponentStatus} (keys loaded or not). */
  public static final String VAULT_STATUS = "conduit.vault.status";
  /** Request/reply: the RefreshVerticle answers with its {@link ComponentStatus}. */
  public static final String REFRESH_STATUS = "conduit.refresh.status";
  /** Request/reply: the NotifyVerticle answers with its {@link ComponentStatus}. */
  public static final String NOTIFY_STATUS = "conduit.notify.status";

  /**
   * Request/reply: {@link VaultRequest.Vend} → {@link dev.conduit.core.connection.VendReply} (the secret, or
   * "due": the HTTP layer then asks {@link #REFRESH_CONNECTION} and vends again).
   */
  public static final String VAULT_VEND = "conduit.vault.vend";
  /** Request/reply: {@link VaultRequest.Deposit} → {@link dev.conduit.core.connection.Connection}. */
  public static final String VAULT_DEPOSIT = "conduit.vault.deposit";
  /** Request/reply: {@link VaultRequest.Revoke} → {@link dev.conduit.core.connection.Connection}. */
  public static final String VAULT_REVOKE = "conduit.vault.revoke";
  /** Request/reply: {@link VaultRequest.Delete} → empty. */
  public static final String VAULT_DELETE = "conduit.vault.delete";
  /** Request/reply: {@link VaultRefreshRequest.Open} → {@link OpenedSecret}. */
  public static final String VAULT_OPEN_REFRESH = "conduit.vault.open-refresh";
  /** Request/reply: {@link VaultRefreshRequest.Commit} → {@link VaultRefreshRequest.Committed}. */
  public static final String VAULT_COMMIT_REFRESH = "conduit.vault.commit-refresh";
  /** Request/reply: {@link RefreshRequest} → {@link RefreshResult}; refresh on read, asked by the HTTP vend flow. */
  public static final String REFRESH_CONNECTION = "conduit.refresh.connection";
  /** Publish: {@link ConnectorAlarm}. */
  public static final String CONNECTOR_ALARM = "conduit.connector.alarm";
  /** Publish: {@link ConnectionEvent} of type {@code connection.needs_reauth}. */
  public static final String CONNECTION_NEEDS_REAUTH = "conduit.connection.needs-reauth";
  /** Publish: {@link ConnectionEvent} of type {@code connection.reauthorized}. */
  public static final String CONNECTION_REAUTHORIZED = "conduit.connection.reauthorized";
  /** Publish: {@link ConnectionEvent} of type {@code connection.connected}. */
  public static final String CONNECTION_CONNECTED = "conduit.connection.connected";
  /** Publish: {@link ConnectionEvent} of type {@code connection.revoked}. */
  public static final String CONNECTION_REVOKED = "conduit.connection.revoked";
  /** Publish: {@link ConnectionEvent} of type {@code connection.deleted}. */
  public static final String CONNECTION_DELETED = "conduit.connection.deleted";
  /** Request/reply: {@link WebhookRequest.CheckUrl} → {@link WebhookRequest.UrlVerdict}. */
  public static final String NOTIFY_CHECK_URL = "conduit.notify.check-url";
  /** Publish, no body: deliveries are waiting (a webhook test or redelivery); wakes every dispatcher. */
  public static final String NOTIFY_WAKE = "conduit.notify.wake";
  /** Request/reply: {@link WebhookRequest.Create} → {@link WebhookRequest.Created}. */
  public static final String VAULT_CREATE_WEBHOOK = "conduit.vault.create-webhook";
  /** Request/reply: {@link WebhookRequest.RotateSecret} → {@link WebhookRequest.Rotated}. */
  public static final String VAULT_ROTATE_WEBHOOK_SECRET = "conduit.vault.rotate-webhook-secret";
  /** Request/reply: {@link WebhookRequest.OpenSecret} → {@link WebhookRequest.SigningSecrets}. */
  public static final String VAULT_OPEN_WEBHOOK_SECRET = "conduit.vault.open-webhook-secret";
  /** Request/reply: {@link VaultRequest.StartFlow} → {@link FlowStarted}. */
  public static final String VAULT_START_FLOW = "conduit.vault.start-flow";
  /** Request/reply: {@link VaultRefreshRequest.ClaimFlow} → {@link FlowClaim} (no claim: the state is unusable). */
  public static final String VAULT_CLAIM_FLOW = "conduit.vault.claim-flow";
  /** Request/reply: {@link AuthorizationCallback} → {@link AuthorizationResult}; the OAuth callback's code exchange. */
  public static final String REFRESH_AUTHORIZATION_CODE = "conduit.refresh.authorization-code";
  /** Fire-and-forget: {@link ProviderRevocation}, handled by the RefreshVerticle. */
  public static final String REFRESH_REVOKE = "conduit.refresh.revoke";

  /**
   * Publish, no body: the process is stopping. Background work (the refresh sweep, the webhook dispatcher, outbox
   * retention) takes nothing new from now on; what is in flight finishes when the verticle is undeployed.
   */
  public static final String PROCESS_STOPPING = "conduit.process.stopping";

  private Addresses() {
  }
}
