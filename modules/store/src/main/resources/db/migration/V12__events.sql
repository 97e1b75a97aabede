-- The events API (GET /api/events and its stream) reads the webhook outbox in an order a cursor can trust.
--
-- A sequence alone is not such an order: numbers are taken when a row is inserted but become visible when its
-- transaction commits, so a reader can see 8 while 7 is still uncommitted and move its cursor past 7 for good.
-- Each event therefore records the transaction that wrote it (a 64-bit xid8, never wrapping) and readers hand out
-- only events of transactions older than the oldest one still running (pg_snapshot_xmin of the current snapshot).
-- Every transaction that could still add an event has a transaction id at or above that horizon, so ordering by
-- (tx, position) puts whatever commits later after every event already handed out: a resume misses nothing.
ALTER TABLE webhook_events ADD COLUMN tx xid8 NOT NULL DEFAULT pg_current_xact_id();
ALTER TABLE webhook_events ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
CREATE INDEX webhook_events_feed ON webhook_events (owner, tx, position);

-- Waiting long polls and streams, in every replica, hear about new events at commit. PostgreSQL sends one
-- notification per distinct payload per transaction, so a transaction writing many events of one owner wakes its
-- readers once. An owner name too long for a notification payload wakes every reader (empty payload).
CREATE FUNCTION conduit_event_written() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('conduit_events', CASE WHEN octet_length(NEW.owner) <= 4000 THEN NEW.owner ELSE '' END);
  RETURN NULL;
END
$$;
CREATE TRIGGER webhook_events_notify AFTER INSERT ON webhook_events
  FOR EACH ROW EXECUTE FUNCTION conduit_event_written();
