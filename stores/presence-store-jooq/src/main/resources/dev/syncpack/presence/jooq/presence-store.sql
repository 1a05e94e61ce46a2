-- The presence table of JooqPresenceStore. JooqPresenceStore.migrate() runs this script for its
-- schema and prefix (idempotently, under an advisory lock); teams that run their own migrations
-- can run it with psql, naming the schema and the prefixed names:
--
--   psql -v schema=public -v table=presence -v expires_index=presence_expires \
--        -v actor_index=presence_actor -f presence-store.sql
--
-- One row is one session, keyed by (scope, channel, actor_id, session_id); scope is '' for none.
-- The key columns compare as bytes (COLLATE "C"): they are opaque ids, and a locale's comparison
-- would slow every heartbeat's index lookup.
-- Every time is taken from the database clock. Statements end with a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS :"schema".:"table" (
    scope        text        COLLATE "C" NOT NULL,
    channel      text        COLLATE "C" NOT NULL,
    actor_id     text        COLLATE "C" NOT NULL,
    session_id   text        COLLATE "C" NOT NULL,
    state        jsonb       NOT NULL,
    activity     text        NOT NULL CHECK (activity IN ('active', 'idle', 'away')),
    joined_at    timestamptz NOT NULL,
    heartbeat_at timestamptz NOT NULL,
    active_at    timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (scope, channel, actor_id, session_id),
    CHECK (jsonb_typeof(state) = 'object')
);

-- The cleanup sweep and expired(now, limit) read expired sessions in expiry order through it.
CREATE INDEX IF NOT EXISTS :"expires_index" ON :"schema".:"table" (expires_at);

-- leave with session "*" and the per-actor channel limit read an actor's sessions through it.
CREATE INDEX IF NOT EXISTS :"actor_index" ON :"schema".:"table" (scope, actor_id);
