package dev.conduit.core.bus;

/** The vault's answer to {@link VaultRequest.StartFlow}: the S256 challenge of the PKCE verifier it sealed. */
public record FlowStarted(String codeChallenge) implements BusMessage {
}
