package dev.conduit.core.connect;

/** Where a connect session stands; only a pending one can still connect an account. */
public enum ConnectSessionState {
  PENDING,
  EXPIRED,
  /** It produced an active connection; its link is used up. */
  SPENT
}
