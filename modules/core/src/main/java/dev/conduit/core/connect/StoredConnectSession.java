package dev.conduit.core.connect;

/** A connect session as found by its token, with where it stands now (by the database's clock). */
public record StoredConnectSession(ConnectSession session, ConnectSessionState state) {
}
