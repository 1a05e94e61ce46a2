-- The batch log of PostgresClusterBus. PostgresClusterBus.migrate() runs this script for its
-- schema and prefix (idempotently, under an advisory lock); teams that run their own migrations
-- can run it with psql, naming the schema and the prefixed names:
--
--   psql -v schema=public -v table=bus_payloads -v created_index=bus_payloads_created \
--        -f cluster-bus.sql
--
-- Every published batch is logged here: NOTIFY carries it inline when it fits and by id when it
-- does not, and a node whose listening connection was lost replays what it missed from here.
-- Rows older than the bus's retention are pruned. Statements end with a semicolon at the end of a line.

CREATE TABLE IF NOT EXISTS :"schema".:"table" (
    id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    origin     text        NOT NULL,
    payload    jsonb       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT clock_timestamp()
);

CREATE INDEX IF NOT EXISTS :"created_index" ON :"schema".:"table" (created_at);
