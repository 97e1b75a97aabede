-- Webhook delivery, as issue 5 builds it.

-- The body is signed byte for byte; jsonb would re-serialise it (key order, spacing), so keep the exact text.
ALTER TABLE webhook_events ALTER COLUMN payload TYPE text USING payload::text;

-- Attempts made before the current retry schedule began: an owner's redelivery starts a fresh schedule.
ALTER TABLE webhook_deliveries ADD COLUMN schedule_start integer NOT NULL DEFAULT 0;
