-- AuroraLab: Aurora PostgreSQL's topology functions emulated on stock PostgreSQL 15+.
-- Installed by the lab (superuser) in template1 and postgres before the lab database is created, so every database
-- has them. Each node reports its own row live (pg_is_in_recovery()); the other members come from
-- aurora_lab.members, which the control plane writes on the writer and WAL carries to the readers (so readers are
-- briefly stale after a failover, like Aurora's).

CREATE SCHEMA IF NOT EXISTS aurora_lab;

CREATE TABLE IF NOT EXISTS aurora_lab.members (
    server_id      text PRIMARY KEY,
    session_id     text NOT NULL,
    is_writer      boolean NOT NULL,
    promotion_tier integer NOT NULL,
    cpu            double precision NOT NULL DEFAULT 2.0,
    updated_at     timestamptz NOT NULL DEFAULT pg_catalog.now()
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
           pg_last_xact_replay_timestamp() AS replay_ts
), own AS (
    SELECT me.id AS server_id,
           CASE WHEN NOT me.in_recovery THEN 'MASTER_SESSION_ID'
                ELSE coalesce((SELECT m.session_id FROM aurora_lab.members m WHERE m.server_id = me.id),
                              md5(me.id)::uuid::text) END AS session_id,
           CASE WHEN NOT me.in_recovery THEN
                    (coalesce((SELECT max(r.flush_lsn) FROM pg_stat_replication r
                               WHERE r.sync_state IN ('sync', 'quorum')), me.flush_lsn) - '0/0'::pg_lsn)::bigint
                ELSE (me.replay_lsn - '0/0'::pg_lsn)::bigint END AS durable_lsn,
           CASE WHEN me.in_recovery THEN (me.receive_lsn - '0/0'::pg_lsn)::bigint END AS highest_lsn_rcvd,
           (coalesce(me.replay_lsn, me.flush_lsn) - '0/0'::pg_lsn)::bigint AS current_read_lsn,
           CASE WHEN me.in_recovery AND me.receive_lsn IS DISTINCT FROM me.replay_lsn
                THEN (extract(epoch FROM (now() - me.replay_ts)) * 1000000)::bigint ELSE 0 END
               AS cur_replay_latency_in_usec,
           (SELECT count(*)::integer FROM pg_stat_activity a
             WHERE a.backend_type = 'client backend' AND a.xact_start IS NOT NULL) AS active_txns,
           CASE WHEN me.in_recovery THEN
                    CASE WHEN me.receive_lsn IS NOT DISTINCT FROM me.replay_lsn OR me.replay_ts IS NULL THEN 0.0
                         ELSE extract(epoch FROM (now() - me.replay_ts)) * 1000 END
                END::double precision AS replica_lag_in_msec,
           coalesce((SELECT m.cpu FROM aurora_lab.members m WHERE m.server_id = me.id), 2.0) AS cpu
      FROM me
), others AS (
    SELECT m.server_id,
           CASE WHEN m.is_writer AND (SELECT in_recovery FROM me) THEN 'MASTER_SESSION_ID'
                ELSE m.session_id END AS session_id,
           (r.replay_lsn - '0/0'::pg_lsn)::bigint AS durable_lsn,
           CASE WHEN m.is_writer AND (SELECT in_recovery FROM me) THEN NULL
                ELSE (r.flush_lsn - '0/0'::pg_lsn)::bigint END AS highest_lsn_rcvd,
           (r.replay_lsn - '0/0'::pg_lsn)::bigint AS current_read_lsn,
           CASE WHEN r.pid IS NOT NULL OR (SELECT in_recovery FROM me) THEN now() ELSE m.updated_at END
               AS last_update_timestamp,
           r.backend_xmin::text::bigint AS feedback_xmin,
           CASE WHEN m.is_writer AND (SELECT in_recovery FROM me) THEN NULL
                ELSE coalesce(extract(epoch FROM r.replay_lag) * 1000, 0.0) END::double precision
               AS replica_lag_in_msec,
           m.cpu
      FROM aurora_lab.members m
      LEFT JOIN pg_stat_replication r ON r.application_name = m.server_id AND NOT (SELECT in_recovery FROM me)
     WHERE m.server_id IS DISTINCT FROM (SELECT id FROM me)
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
  FROM others x
$$;

CREATE EXTENSION IF NOT EXISTS pg_stat_statements;
