-- When the last forced refresh (vend?forceRefresh=true) failed. A forced refresh is tried at most once per connection
-- per 30 s whether it succeeded or not: a success shows in last_refreshed_at, a failure only here, and forced vends
-- inside the window get that failure (its words are last_error) instead of a new provider call or the old token.
-- Cleared by a deposit and by a successful refresh.
ALTER TABLE credentials ADD COLUMN forced_refresh_failed_at timestamptz;
