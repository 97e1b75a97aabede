-- The audit trail: what happened to an owner's connections and webhooks, who did it and how it went. Entries are
-- written in batches by each component's audit writer and are never updated. There is no foreign key to
-- connections: an entry outlives the connection it names (a delete is itself audited), until audit.retention.
-- Entries never hold secret material.
CREATE TABLE audit_events (
  id            uuid        PRIMARY KEY DEFAULT gen_random_uuid(),
  owner         text        NOT NULL,
  -- when the action happened (not when the batch was written)
  at            timestamptz NOT NULL,
  action        text        NOT NULL,
  connection_id uuid,
  outcome       text        NOT NULL,
  -- the JWT subject, api_key:<prefix>, or system
  actor         text        NOT NULL,
  request_id    text,
  -- proxy entries only: the method, the path without its query string and the provider's status code
  method        text,
  path          text,
  status_code   integer
);

-- the owner's listing, newest first, keyset-paged on (at, id)
CREATE INDEX audit_events_owner_at ON audit_events (owner, at DESC, id DESC);
-- the retention purge takes the oldest entries first
CREATE INDEX audit_events_at ON audit_events (at);
