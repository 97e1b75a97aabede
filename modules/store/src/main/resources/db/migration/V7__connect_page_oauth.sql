-- The hosted connect page starts OAuth flows too. A flow started there names its connect session, so that the
-- callback spends the session once the connection is active (and not before: after access_denied the link still
-- works). A new-connection session remembers the pending connection it created for its first sign-in attempt, so
-- that pressing the button again reuses it instead of leaving one pending connection behind per attempt.
ALTER TABLE oauth_flows ADD COLUMN connect_session_id uuid REFERENCES connect_sessions (id) ON DELETE SET NULL;
ALTER TABLE connect_sessions
  ADD COLUMN created_connection_id uuid REFERENCES connections (id) ON DELETE SET NULL;

-- the purge of expired sessions walks this index
CREATE INDEX connect_sessions_expires ON connect_sessions (expires_at);
