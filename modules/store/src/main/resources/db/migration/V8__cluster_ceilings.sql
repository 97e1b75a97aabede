-- Cluster-wide ceilings. PostgreSQL is the only coordinator between replicas: they register and heartbeat here, and
-- every call under a provider's ceiling takes its permit from the window's row here, so the ceiling holds for the
-- sum of all replicas.

-- The replicas that are up. A replica upserts its row every cluster.heartbeat-interval and counts as live until
-- expires_at (three intervals on, by the database's clock); a clean stop deletes the row at once.
CREATE TABLE cluster_replicas (
  id            text        PRIMARY KEY CHECK (char_length(id) BETWEEN 1 AND 200),
  started_at    timestamptz NOT NULL DEFAULT now(),
  heartbeat_at  timestamptz NOT NULL DEFAULT now(),
  expires_at    timestamptz NOT NULL
);

-- One row per ceiling (scope, e.g. 'refresh:github') and fixed window of its period, aligned to the epoch on the
-- database's clock. taken only grows within a window and never passes budget; every grant is one atomic upsert.
CREATE TABLE rate_windows (
  scope         text        NOT NULL CHECK (char_length(scope) BETWEEN 1 AND 300),
  window_start  timestamptz NOT NULL,
  window_end    timestamptz NOT NULL CHECK (window_end > window_start),
  budget        integer     NOT NULL CHECK (budget >= 1),
  taken         integer     NOT NULL CHECK (taken BETWEEN 0 AND budget),
  -- the permits the statement that last changed the row granted: how that statement's RETURNING reads its grant
  last_grant    integer     NOT NULL CHECK (last_grant >= 0),
  PRIMARY KEY (scope, window_start)
);

-- windows that have ended are deleted by the heartbeats
CREATE INDEX rate_windows_end ON rate_windows (window_end);
