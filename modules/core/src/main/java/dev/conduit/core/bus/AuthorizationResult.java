package dev.conduit.core.bus;

import java.util.UUID;

/**
 * How an OAuth callback ended. {@code connectionId}, {@code connector}, {@code redirectAfter} and
 * {@code connectSessionId} are known once the state was found (every outcome but {@link Outcome#UNKNOWN_STATE});
 * {@code error} is the code a redirect carries back to the app ({@code ?error=<code>}) for any outcome but
 * {@link Outcome#CONNECTED}.
 *
 * @param connectSessionId the connect session whose page started the flow (spent once connected), or null
 */
public record AuthorizationResult(Outcome outcome, UUID connectionId, String connector, String redirectAfter,
    UUID connectSessionId, String error) implements BusMessage {

  public enum Outcome {
    /** The code was exchanged, the tokens sealed, the connection is active. */
    CONNECTED,
    /** The state is unknown, expired or already used: nothing is known about the flow. */
    UNKNOWN_STATE,
    /** The provider answered with an error instead of a code ({@code access_denied} and the like). */
    PROVIDER_ERROR,
    /** The provider's {@code iss} is not the connector's authorization server (RFC 9207): a possible mix-up. */
    ISSUER_MISMATCH,
    /** The token endpoint did not give tokens for the code. */
    EXCHANGE_FAILED,
    /** The deployment holds no OAuth client for the connector (any more). */
    NOT_CONFIGURED,
    /** The connection was revoked or deleted while the user was at the provider. */
    CONNECTION_GONE
  }

  public static AuthorizationResult unknownState() {
    return new AuthorizationResult(Outcome.UNKNOWN_STATE, null, null, null, null, "invalid_state");
  }

  public static AuthorizationResult connected(FlowClaim flow) {
    return new AuthorizationResult(Outcome.CONNECTED, flow.connectionId(), flow.connector(), flow.redirectAfter(),
        flow.connectSessionId(), null);
  }

  public static AuthorizationResult failed(Outcome outcome, FlowClaim flow, String error) {
    return new AuthorizationResult(outcome, flow.connectionId(), flow.connector(), flow.redirectAfter(),
        flow.connectSessionId(), error);
  }
}
