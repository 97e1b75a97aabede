-- Columns nothing reads. connections.version was bumped on every status change and never read (the refresh fence
-- is credentials.secret_version); credentials.seal_format was never written past its default nor read (one format).
ALTER TABLE connections DROP COLUMN version;
ALTER TABLE credentials DROP COLUMN seal_format;
