-- Row-level security: the second wall behind the owner condition every caller's query carries. Requests run under
-- conduit_app (not the tables' owner, not a superuser, no BYPASSRLS): each of its transactions names one owner with
-- set_config('conduit.owner', ..., true) and sees only that owner's rows; with no owner named it sees none.
-- Background jobs (refresh sweep, webhook dispatcher, change feed, purges, heartbeats, ceilings) switch to
-- conduit_system for their transaction: it sees every row, but is granted only what those jobs do.
-- The configured user (who runs these migrations and owns the tables) switches to either with SET ROLE, so it must be
-- a member of both. The roles are NOLOGIN and the same on every database of the server: a role holds privileges only
-- on objects it was granted, so one database's grants give nothing in another.

DO $roles$
DECLARE
  missing text[] := ARRAY(SELECT r FROM unnest(ARRAY['conduit_app', 'conduit_system']) r
                          WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r));
  role_name text;
BEGIN
  IF cardinality(missing) > 0
     AND NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
    -- the whole instruction in the message: it is what Flyway and start-up show
    RAISE EXCEPTION '%', format('Conduit needs the database roles conduit_app and conduit_system, and the user %I may'
      ' not create roles: ask the database administrator to run CREATE ROLE conduit_app NOLOGIN;'
      ' CREATE ROLE conduit_system NOLOGIN; GRANT conduit_app, conduit_system TO %I; then start Conduit again',
      current_user, current_user);
  END IF;
  FOREACH role_name IN ARRAY missing LOOP
    EXECUTE format('CREATE ROLE %I NOLOGIN NOSUPERUSER NOBYPASSRLS NOCREATEDB NOCREATEROLE', role_name);
  END LOOP;
  FOREACH role_name IN ARRAY ARRAY['conduit_app', 'conduit_system'] LOOP
    IF NOT pg_has_role(current_user, role_name, 'SET') THEN
      BEGIN
        EXECUTE format('GRANT %I TO %I', role_name, current_user);
      EXCEPTION WHEN insufficient_privilege THEN
        RAISE EXCEPTION '%', format('the user %I must be a member of the role %I and may not grant it to itself:'
          ' ask the database administrator to run GRANT %I TO %I; then start Conduit again',
          current_user, role_name, role_name, current_user);
      END;
    END IF;
  END LOOP;
END
$roles$;

-- Every table with an owner column, whichever migration created it: forced, so that even the tables' owner is held
-- to the policies. NULLIF: once a transaction that set the owner has ended, the setting reads '' (not NULL) for the
-- rest of the session, and '' must match nothing either.
DO $policies$
DECLARE
  t text;
BEGIN
  FOR t IN
    SELECT c.table_name FROM information_schema.columns c
    JOIN information_schema.tables tb ON tb.table_schema = c.table_schema AND tb.table_name = c.table_name
    WHERE c.table_schema = current_schema() AND c.column_name = 'owner' AND tb.table_type = 'BASE TABLE'
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY owner_scope ON %I USING (owner = NULLIF(current_setting(''conduit.owner'', true), ''''))'
      ' WITH CHECK (owner = NULLIF(current_setting(''conduit.owner'', true), ''''))', t);
    EXECUTE format('CREATE POLICY system_jobs ON %I TO conduit_system USING (true) WITH CHECK (true)', t);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO conduit_app', t);
  END LOOP;
END
$policies$;

-- A caller's delivery history reads the attempts of deliveries its owner-scoped query found (they have no owner).
GRANT SELECT ON webhook_attempts TO conduit_app;

-- The system role: what the background jobs do, and no more.
-- refresh sweep: claims, deferrals and releases of credentials; needs_reauth with its outbox event and deliveries;
-- vault key rotation (rewrap) and the start-up keyset check read and re-wrap sealed rows.
GRANT SELECT, UPDATE ON connections, credentials TO conduit_system;
-- (the outbox retention deletes old events, locking them FOR UPDATE, which needs UPDATE)
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_events TO conduit_system;
-- webhook dispatcher: claims, attempts, outcomes; an endpoint that keeps failing is marked failed.
GRANT SELECT, INSERT, UPDATE, DELETE ON webhook_deliveries TO conduit_system;
GRANT SELECT, INSERT, DELETE ON webhook_attempts TO conduit_system;
GRANT SELECT, UPDATE ON webhook_endpoints TO conduit_system;
-- the hosted connect page and the OAuth callback find their row by a secret (session token, state) before any owner
-- is known; expired rows are purged.
GRANT SELECT, UPDATE, DELETE ON oauth_flows, connect_sessions TO conduit_system;
-- audit writers write batches of many owners in one statement; the retention purge locks and deletes old entries.
GRANT SELECT, INSERT, UPDATE, DELETE ON audit_events TO conduit_system;
-- heartbeats and cluster-wide ceilings (no owner column, no row-level security).
GRANT SELECT, INSERT, UPDATE, DELETE ON cluster_replicas, rate_windows TO conduit_system;
-- an API key is looked up by its hash before its owner is known; each replica records keys' last use in batches of
-- many owners.
GRANT SELECT, UPDATE (last_used_at) ON api_keys TO conduit_system;
-- the readiness probe reports the schema version.
GRANT SELECT ON flyway_schema_history TO conduit_system;
