-- Webhook delivery, as issue 5 builds it.

-- The body is signed byte for byte; jsonb would re-serialise it (key order, spacing), so keep the exact text.
ALTER TABLE webhook_events ALTER COLUMN payload TYPE text USING payload::text;

-- Attempts made before the current retry schedule began: an owner's redelivery starts a fresh schedule.
ALTER TABLE webhook_deliveries ADD COLUMN schedule_start integer NOT NULL DEFAULT 0;

-- Retention: events (with their deliveries and attempts) older than webhooks.retention are deleted by age.
CREATE INDEX webhook_events_created ON webhook_events (created_at);
