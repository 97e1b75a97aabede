-- Webhook secret rotation (issue 14). The current secret is sealed at secret_version (the version is part of the
-- ciphertext's associated data, so an older ciphertext copied back into `secret` does not open). A rotation moves
-- the current ciphertext to previous_secret (sealed at secret_version - 1) and keeps signing with it beside the
-- new one until previous_secret_until, so receivers can switch keys without losing an event.
ALTER TABLE webhook_endpoints
  ADD COLUMN secret_version        bigint      NOT NULL DEFAULT 1,
  ADD COLUMN previous_secret       bytea,
  ADD COLUMN previous_secret_until timestamptz,
  ADD CONSTRAINT webhook_endpoints_previous_secret_whole
    CHECK ((previous_secret IS NULL) = (previous_secret_until IS NULL));
