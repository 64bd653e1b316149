-- AuroraLab: Aurora PostgreSQL's topology functions emulated on stock PostgreSQL 15+.
-- Installed by the lab (superuser) in template1 and postgres before the lab database is created, so every database
-- has them. Each node reports its own row live (pg_is_in_recovery()); the other members come from
-- aurora_lab.members, which the control plane writes on the writer and WAL carries to the readers (so readers are
-- briefly stale after a failover, like Aurora's).
--
-- Liveness, as Aurora serves it:
-- * LAST_UPDATE_TIMESTAMP is NULL in the row of the instance you are connected to (Aurora since 13.9; the AWS wrapper
--   reads NULL as "now", so a writer's own row is always the newest). Other rows carry a heartbeat: on the writer a
--   streaming reader's last status reply (pg_stat_replication.reply_time, every second); elsewhere heartbeat_at, which
--   the control plane's heartbeat (aurora_lab.heartbeat(), every second on the writer) keeps current and WAL carries
--   to the readers.
-- * A reader that stops streaming keeps its row with a frozen timestamp until drop_after (the last heartbeat that saw
--   it alive + the dead-reader linger), then drops out. On a reader the linger is measured against the newest
--   heartbeat it has replayed, so a reader whose replay is stuck shows a frozen, consistent picture instead of
--   dropping everybody.
-- * REPLICA_LAG_IN_MSEC comes from WAL positions: on the writer live from pg_stat_replication (0 when the reader has
--   replayed all the writer flushed, else PostgreSQL's replay_lag, which keeps growing while replay is stuck); a
--   reader's own row live (received but not replayed WAL: age of the last replayed commit); other rows as the writer's
--   heartbeat last measured them. NULL in a writer's row.
-- * CPU is the per-instance figure the control plane sets (AuroraLab.cpu), replicated like the rest.
--
-- Opt-in transients (AuroraLab.Builder.topologyTransient), set by the control plane on the new writer at promotion:
-- * unlisted_until    (NO_WRITER_ROW): until then no view lists that member as the writer, its own view included;
-- * self_denies_until (ROLE_DISAGREEMENT): until then its own row says reader although pg_is_in_recovery() is false,
--                     so "am I the writer?" finds no row; the readers' views already list it as the writer;
-- * stale_claim_until (TWO_WRITER_ROWS): until then every view also lists that (old) writer as MASTER_SESSION_ID,
--                     with its last heartbeat as writer (stale_claim_at), older than the new writer's timestamp.

CREATE SCHEMA IF NOT EXISTS aurora_lab;

CREATE TABLE IF NOT EXISTS aurora_lab.members (
    server_id         text PRIMARY KEY,
    session_id        text NOT NULL,
    is_writer         boolean NOT NULL,
    promotion_tier    integer NOT NULL,
    cpu               double precision NOT NULL DEFAULT 2.0,
    heartbeat_at      timestamptz NOT NULL DEFAULT pg_catalog.now(),
    drop_after        timestamptz NOT NULL DEFAULT 'infinity',
    lag_msec          double precision,
    unlisted_until    timestamptz,
    self_denies_until timestamptz,
    stale_claim_until timestamptz,
    stale_claim_at    timestamptz
);

GRANT USAGE ON SCHEMA aurora_lab TO PUBLIC;
GRANT SELECT ON aurora_lab.members TO PUBLIC;

-- aurora_db_instance_identifier(): the instance id, passed to each postmaster with -c aurora_lab.instance_id=...
CREATE OR REPLACE FUNCTION pg_catalog.aurora_db_instance_identifier() RETURNS varchar
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT pg_catalog.current_setting('aurora_lab.instance_id', true)::varchar $$;

-- aurora_version(): Aurora's version string; the lab reports the PostgreSQL version.
CREATE OR REPLACE FUNCTION pg_catalog.aurora_version() RETURNS text
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT pg_catalog.current_setting('server_version') $$;

-- A streaming reader's lag as the writer sees it (writer only): 0 once it replayed all the writer flushed, else
-- PostgreSQL's replay_lag (which grows while the reader's replay is stuck).
CREATE OR REPLACE FUNCTION aurora_lab.lag_msec(replay pg_lsn, replay_lag interval) RETURNS double precision
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog
    AS $$
SELECT CASE WHEN $1 IS NULL THEN NULL
            WHEN $1 >= pg_current_wal_flush_lsn() THEN 0.0
            ELSE coalesce(extract(epoch FROM $2) * 1000, 0.0) END::double precision
$$;

-- The control plane's heartbeat (writer only, every second): the writer's own heartbeat, each streaming reader's last
-- status reply and lag, and the CPU figures (ids[i] -> cpus[i]). A member that does not stream keeps its frozen values.
CREATE OR REPLACE FUNCTION aurora_lab.heartbeat(linger interval, ids text[], cpus double precision[])
    RETURNS integer
    LANGUAGE sql VOLATILE
    SET search_path = pg_catalog
    AS $$
WITH seen AS (
    SELECT m.server_id,
           m.server_id = current_setting('aurora_lab.instance_id', true) OR r.pid IS NOT NULL AS live,
           CASE WHEN m.server_id = current_setting('aurora_lab.instance_id', true) THEN now()
                ELSE least(coalesce(r.reply_time, now()), now()) END AS at,
           CASE WHEN m.server_id = current_setting('aurora_lab.instance_id', true) THEN NULL
                ELSE aurora_lab.lag_msec(r.replay_lsn, r.replay_lag) END AS lag,
           c.cpu
      FROM aurora_lab.members m
      LEFT JOIN LATERAL (SELECT x.pid, x.reply_time, x.replay_lsn, x.replay_lag FROM pg_stat_replication x
                          WHERE x.application_name = m.server_id AND x.state IN ('streaming', 'catchup')
                          ORDER BY x.state = 'streaming' DESC LIMIT 1) r ON true
      LEFT JOIN unnest($2, $3) AS c(id, cpu) ON c.id = m.server_id
), beat AS (
    UPDATE aurora_lab.members m
       SET heartbeat_at = CASE WHEN s.live THEN s.at ELSE m.heartbeat_at END,
           drop_after = CASE WHEN s.live THEN now() + $1 ELSE m.drop_after END,
           lag_msec = CASE WHEN s.live THEN s.lag ELSE m.lag_msec END,
           cpu = coalesce(s.cpu, m.cpu)
      FROM seen s
     WHERE m.server_id = s.server_id AND (s.live OR s.cpu IS DISTINCT FROM m.cpu AND s.cpu IS NOT NULL)
    RETURNING s.live
)
SELECT count(*) FILTER (WHERE live)::integer FROM beat
$$;

REVOKE ALL ON FUNCTION aurora_lab.heartbeat(interval, text[], double precision[]) FROM PUBLIC;

-- aurora_replica_status(): one row per instance, Aurora's columns. SECURITY DEFINER so that non-superusers see
-- pg_stat_replication's LSNs and lag.
CREATE OR REPLACE FUNCTION pg_catalog.aurora_replica_status(
    OUT server_id text,
    OUT session_id text,
    OUT durable_lsn bigint,
    OUT highest_lsn_rcvd bigint,
    OUT current_read_lsn bigint,
    OUT cur_replay_latency_in_usec bigint,
    OUT active_txns integer,
    OUT is_current boolean,
    OUT last_transport_error integer,
    OUT last_error_timestamp timestamptz,
    OUT last_update_timestamp timestamptz,
    OUT feedback_xmin bigint,
    OUT feedback_epoch integer,
    OUT replica_lag_in_msec double precision,
    OUT log_stream_speed_in_kib_per_second double precision,
    OUT log_buffer_sequence_number bigint,
    OUT oldest_read_view_trx_id bigint,
    OUT oldest_read_view_lsn bigint,
    OUT pending_read_ios bigint,
    OUT read_ios bigint,
    OUT iops integer,
    OUT cpu double precision)
RETURNS SETOF record
LANGUAGE sql STABLE SECURITY DEFINER
SET search_path = pg_catalog
AS $$
WITH me AS (
    SELECT current_setting('aurora_lab.instance_id', true) AS id,
           pg_is_in_recovery() AS in_recovery,
           CASE WHEN pg_is_in_recovery() THEN NULL ELSE pg_current_wal_flush_lsn() END AS flush_lsn,
           pg_last_wal_receive_lsn() AS receive_lsn,
           pg_last_wal_replay_lsn() AS replay_lsn,
           pg_last_xact_replay_timestamp() AS replay_ts,
           -- the clock the linger is measured with: live on the writer, the newest replayed heartbeat on a reader
           CASE WHEN pg_is_in_recovery() THEN (SELECT max(m.heartbeat_at) FROM aurora_lab.members m)
                ELSE now() END AS linger_clock
), mine AS (
    SELECT m.* FROM aurora_lab.members m WHERE m.server_id = (SELECT id FROM me)
), own AS (
    SELECT me.id AS server_id,
           CASE WHEN NOT me.in_recovery
                     AND NOT coalesce((SELECT greatest(x.unlisted_until, x.self_denies_until) > now() FROM mine x),
                                      false)
                THEN 'MASTER_SESSION_ID'
                ELSE coalesce((SELECT x.session_id FROM mine x), md5(me.id)::uuid::text) END AS session_id,
           CASE WHEN NOT me.in_recovery THEN
                    (coalesce((SELECT max(r.flush_lsn) FROM pg_stat_replication r
                               WHERE r.sync_state IN ('sync', 'quorum')), me.flush_lsn) - '0/0'::pg_lsn)::bigint
                ELSE (me.replay_lsn - '0/0'::pg_lsn)::bigint END AS durable_lsn,
           CASE WHEN me.in_recovery THEN (me.receive_lsn - '0/0'::pg_lsn)::bigint END AS highest_lsn_rcvd,
           (coalesce(me.replay_lsn, me.flush_lsn) - '0/0'::pg_lsn)::bigint AS current_read_lsn,
           CASE WHEN me.in_recovery AND me.receive_lsn > me.replay_lsn AND me.replay_ts IS NOT NULL
                THEN greatest((extract(epoch FROM (now() - me.replay_ts)) * 1000000)::bigint, 0) ELSE 0 END
               AS cur_replay_latency_in_usec,
           (SELECT count(*)::integer FROM pg_stat_activity a
             WHERE a.backend_type = 'client backend' AND a.xact_start IS NOT NULL) AS active_txns,
           CASE WHEN me.in_recovery THEN
                    CASE WHEN me.receive_lsn IS NULL OR me.receive_lsn <= me.replay_lsn OR me.replay_ts IS NULL
                         THEN 0.0
                         ELSE greatest(extract(epoch FROM (now() - me.replay_ts)) * 1000, 0.0) END
                END::double precision AS replica_lag_in_msec,
           coalesce((SELECT x.cpu FROM mine x), 2.0) AS cpu
      FROM me
), others AS (
    SELECT m.*,
           r.pid IS NOT NULL AS alive,
           r.reply_time, r.flush_lsn AS r_flush_lsn, r.replay_lsn AS r_replay_lsn, r.replay_lag AS r_replay_lag,
           r.backend_xmin AS r_backend_xmin,
           coalesce(m.stale_claim_until > now(), false) AS claims,
           coalesce(m.stale_claim_until > now(), false)
               OR ((SELECT in_recovery FROM me) AND m.is_writer AND NOT coalesce(m.unlisted_until > now(), false))
               AS as_writer
      FROM aurora_lab.members m
      LEFT JOIN LATERAL (SELECT x.pid, x.reply_time, x.flush_lsn, x.replay_lsn, x.replay_lag, x.backend_xmin
                           FROM pg_stat_replication x
                          WHERE NOT (SELECT in_recovery FROM me) AND x.application_name = m.server_id
                            AND x.state IN ('streaming', 'catchup')
                          ORDER BY x.state = 'streaming' DESC LIMIT 1) r ON true
     WHERE m.server_id IS DISTINCT FROM (SELECT id FROM me)
), shown AS (
    SELECT o.server_id,
           CASE WHEN o.as_writer THEN 'MASTER_SESSION_ID' ELSE o.session_id END AS session_id,
           (o.r_replay_lsn - '0/0'::pg_lsn)::bigint AS durable_lsn,
           CASE WHEN o.as_writer THEN NULL ELSE (o.r_flush_lsn - '0/0'::pg_lsn)::bigint END AS highest_lsn_rcvd,
           (o.r_replay_lsn - '0/0'::pg_lsn)::bigint AS current_read_lsn,
           CASE WHEN o.claims THEN o.stale_claim_at
                WHEN o.alive THEN least(coalesce(o.reply_time, now()), now())
                ELSE o.heartbeat_at END AS last_update_timestamp,
           o.r_backend_xmin::text::bigint AS feedback_xmin,
           CASE WHEN o.as_writer THEN NULL
                WHEN o.alive THEN aurora_lab.lag_msec(o.r_replay_lsn, o.r_replay_lag)
                ELSE coalesce(o.lag_msec, 0.0) END AS replica_lag_in_msec,
           o.cpu
      FROM others o
     WHERE o.as_writer OR o.alive OR o.drop_after >= (SELECT linger_clock FROM me)
)
SELECT o.server_id, o.session_id, o.durable_lsn, o.highest_lsn_rcvd, o.current_read_lsn,
       o.cur_replay_latency_in_usec, o.active_txns, true, 0, NULL::timestamptz, NULL::timestamptz,
       NULL::bigint, 0, o.replica_lag_in_msec, 0.0::double precision, o.current_read_lsn, NULL::bigint,
       o.current_read_lsn, 0::bigint, 0::bigint, NULL::integer, o.cpu
  FROM own o
UNION ALL
SELECT x.server_id, x.session_id, x.durable_lsn, x.highest_lsn_rcvd, x.current_read_lsn, 0::bigint, 0, true, 0,
       NULL::timestamptz, x.last_update_timestamp, x.feedback_xmin, 0, x.replica_lag_in_msec,
       0.0::double precision, x.current_read_lsn, NULL::bigint, x.current_read_lsn, 0::bigint, 0::bigint,
       NULL::integer, x.cpu
  FROM shown x
$$;

-- aurora_lab.serverless_capacity(): this instance's current Serverless v2 capacity in ACU (the lab's stand-in for
-- CloudWatch's per-instance ServerlessDatabaseCapacity; Aurora has no such SQL function). The control plane sets the
-- placeholder setting aurora_lab.serverless_capacity on each node with ALTER SYSTEM and a reload (a file of the node,
-- never replicated); NULL in a lab that is not serverless.
CREATE OR REPLACE FUNCTION aurora_lab.serverless_capacity() RETURNS double precision
    LANGUAGE sql STABLE PARALLEL SAFE
    AS $$ SELECT nullif(pg_catalog.current_setting('aurora_lab.serverless_capacity', true), '')::double precision $$;

CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
