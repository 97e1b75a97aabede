-- Connect sessions: what a team's backend hands its end user so that they connect an account on the hosted connect
-- page. The token is shown once, to the team's backend; only its SHA-256 is kept, so a database dump holds no usable
-- link. A session is pending until it expires or is spent (it produced an active connection).
CREATE TABLE connect_sessions (
  token_hash      bytea       PRIMARY KEY CHECK (octet_length(token_hash) = 32),
  -- the session's public name (its JSON:API id), which is not the token
  id              uuid        NOT NULL UNIQUE,
  owner           text        NOT NULL,
  -- the connectors the page offers, in the order given
  connectors      text[]      NOT NULL CHECK (cardinality(connectors) >= 1),
  -- a reconnect session deposits into this connection (of the same owner) instead of creating one
  connection_id   uuid        REFERENCES connections (id) ON DELETE CASCADE,
  label           text        CHECK (char_length(label) <= 200),
  metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  redirect_after  text,
  expires_at      timestamptz NOT NULL,
  spent_at        timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- the per-owner limit counts an owner's pending sessions
CREATE INDEX connect_sessions_pending ON connect_sessions (owner, expires_at) WHERE spent_at IS NULL;
