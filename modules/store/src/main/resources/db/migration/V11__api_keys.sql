-- Platform API keys: machine clients' credentials, each belonging to one owner. Only the SHA-256 of a key is kept
-- (hash); prefix is the key's first 12 characters, for its owner to recognise it. A DELETE removes the row: the hash
-- is gone, so the key is refused from that commit on, and as nothing can ever produce the same hash again, forever.
-- Scopes are wire names (connections:read, ...) checked by the application's closed set.
CREATE TABLE api_keys (
  id           uuid        PRIMARY KEY,
  owner        text        NOT NULL,
  name         text        NOT NULL,
  prefix       text        NOT NULL,
  hash         bytea       NOT NULL UNIQUE,
  scopes       text[]      NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  -- null: never expires
  expires_at   timestamptz,
  -- written in batches by each replica, at most once per key per flush
  last_used_at timestamptz,
  CONSTRAINT api_keys_hash_is_sha256 CHECK (octet_length(hash) = 32)
);

-- the owner's listing, newest first, and the per-owner count
CREATE INDEX api_keys_owner_created ON api_keys (owner, created_at DESC, id DESC);
