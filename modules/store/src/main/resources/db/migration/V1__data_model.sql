-- Conduit's data model. Every query made on behalf of a caller filters on owner; the owner column is
-- denormalised onto credentials so that the vend read is one owner-scoped primary-key lookup.

CREATE TABLE connections (
  id              uuid        PRIMARY KEY,
  owner           text        NOT NULL,
  connector       text        NOT NULL,
  label           text        CHECK (char_length(label) <= 200),
  metadata        jsonb       NOT NULL DEFAULT '{}'::jsonb,
  status          text        NOT NULL DEFAULT 'pending'
                              CHECK (status IN ('pending', 'active', 'needs_reauth', 'revoked')),
  status_reason   text,
  -- grows with every event about this connection, so webhook receivers can drop stale or reordered events
  event_sequence  bigint      NOT NULL DEFAULT 0,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now(),
  version         bigint      NOT NULL DEFAULT 1
);
-- the owner's list, newest first, with keyset (cursor) paging
CREATE INDEX connections_owner_created ON connections (owner, created_at DESC, id DESC);

-- Sealed secret material. Each row has its own data key (wrapped_key, sealed by the key-encryption keyset under
-- key kek_key_id); each secret field is an AEAD ciphertext under that data key whose associated data binds it to
-- owner, connection, field name and secret_version. Which fields are set depends on kind: oauth2 uses
-- access_token and refresh_token, api_key uses api_key and api_secret, basic uses username and password.
CREATE TABLE credentials (
  connection_id      uuid        PRIMARY KEY REFERENCES connections (id) ON DELETE CASCADE,
  owner              text        NOT NULL,
  -- copied from the connection (it never changes) so the sweep's claim reads one table
  connector          text        NOT NULL,
  kind               text        NOT NULL CHECK (kind IN ('oauth2', 'api_key', 'basic')),
  seal_format        smallint    NOT NULL DEFAULT 1,
  kek_key_id         bigint      NOT NULL,
  wrapped_key        bytea       NOT NULL,
  access_token       bytea,
  refresh_token      bytea,
  api_key            bytea,
  api_secret         bytea,
  username           bytea,
  password           bytea,
  -- bound into every field's associated data; bumped whenever the secret content changes
  secret_version     bigint      NOT NULL DEFAULT 1,
  token_type         text,
  scopes             text[]      NOT NULL DEFAULT '{}',
  -- when the access token was obtained (deposit or refresh) and when it expires
  issued_at          timestamptz NOT NULL DEFAULT now(),
  expires_at         timestamptz,
  -- when it should be refreshed (expires_at minus the lead, or half its lifetime when that is shorter; pushed
  -- back after failures); NULL when it cannot be refreshed
  refresh_due_at     timestamptz,
  last_refreshed_at  timestamptz,
  -- a refresh call whose answer never came may have rotated the refresh token at the provider
  refresh_in_doubt   boolean     NOT NULL DEFAULT false,
  lease_owner        text,
  lease_until        timestamptz,
  failure_count      integer     NOT NULL DEFAULT 0,
  last_error         text,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
-- room on each page, so claims and releases (which touch no indexed column) are HOT updates
) WITH (fillfactor = 70);
-- the sweep's claim: due credentials in due order; rows without a refresh token never appear here
CREATE INDEX credentials_refresh_due ON credentials (refresh_due_at) WHERE refresh_due_at IS NOT NULL;
-- rewrap finds rows still under an old key
CREATE INDEX credentials_kek_key ON credentials (kek_key_id);

-- In-flight OAuth authorization-code flows. The state is single-use: consumed_at is set by the callback.
CREATE TABLE oauth_flows (
  state_hash      bytea       PRIMARY KEY,
  connection_id   uuid        NOT NULL REFERENCES connections (id) ON DELETE CASCADE,
  owner           text        NOT NULL,
  kek_key_id      bigint      NOT NULL,
  wrapped_key     bytea       NOT NULL,
  pkce_verifier   bytea       NOT NULL,
  redirect_after  text,
  scopes          text[]      NOT NULL DEFAULT '{}',
  expires_at      timestamptz NOT NULL,
  consumed_at     timestamptz,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX oauth_flows_expires ON oauth_flows (expires_at);

CREATE TABLE webhook_endpoints (
  id              uuid        PRIMARY KEY,
  owner           text        NOT NULL,
  url             text        NOT NULL,
  events          text[]      NOT NULL,
  status          text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'disabled', 'failed')),
  status_reason   text,
  kek_key_id      bigint      NOT NULL,
  wrapped_key     bytea       NOT NULL,
  secret          bytea       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_endpoints_owner ON webhook_endpoints (owner, created_at DESC, id DESC);

-- The transactional outbox: one row per event, written in the same transaction as the change it reports.
CREATE TABLE webhook_events (
  id              text        PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_-]+$'),
  owner           text        NOT NULL,
  connection_id   uuid,
  type            text        NOT NULL,
  sequence        bigint,
  payload         jsonb       NOT NULL,
  created_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX webhook_events_owner ON webhook_events (owner, created_at DESC);

-- One delivery per (event, endpoint); the dispatcher claims due rows with FOR UPDATE SKIP LOCKED.
CREATE TABLE webhook_deliveries (
  id               uuid        PRIMARY KEY,
  event_id         text        NOT NULL REFERENCES webhook_events (id) ON DELETE CASCADE,
  endpoint_id      uuid        NOT NULL REFERENCES webhook_endpoints (id) ON DELETE CASCADE,
  owner            text        NOT NULL,
  status           text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
  attempts         integer     NOT NULL DEFAULT 0,
  last_status_code integer,
  last_error       text,
  next_attempt_at  timestamptz,
  lease_until      timestamptz,
  delivered_at     timestamptz,
  created_at       timestamptz NOT NULL DEFAULT now(),
  UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_endpoint ON webhook_deliveries (endpoint_id, created_at DESC, id DESC);

-- Each delivery attempt, for the deliveries endpoint and for operators.
CREATE TABLE webhook_attempts (
  delivery_id      uuid        NOT NULL REFERENCES webhook_deliveries (id) ON DELETE CASCADE,
  attempt          integer     NOT NULL,
  status_code      integer,
  error            text,
  duration_ms      integer     NOT NULL,
  attempted_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (delivery_id, attempt)
);
