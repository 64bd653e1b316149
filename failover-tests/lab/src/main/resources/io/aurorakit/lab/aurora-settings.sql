-- AuroraLab: Aurora PostgreSQL's rds.extensions setting, visible in pg_catalog.pg_settings as on Aurora.
--
-- The AWS JDBC wrapper (and other tools) recognise Aurora PostgreSQL by
--   SELECT (setting LIKE '%aurora_stat_utils%') FROM pg_catalog.pg_settings WHERE name = 'rds.extensions'
-- On stock PostgreSQL, rds.extensions from postgresql.conf is a "placeholder" (no module defines it): SHOW and
-- current_setting() answer, but pg_settings and SHOW ALL leave placeholders out. So the lab redefines the
-- pg_settings view: PostgreSQL 15's own definition (the same 17 columns, in the same order, from
-- pg_show_all_settings()) plus one row for rds.extensions while that placeholder is set. The row's value is
-- current_setting('rds.extensions'), so pg_settings and SHOW always agree. CREATE OR REPLACE VIEW keeps the view's
-- relation, owner, privileges (SELECT, UPDATE to PUBLIC) and its two rules, so UPDATE pg_settings SET setting = ...
-- still calls set_config(). If a loaded module ever defines rds.extensions for real, its own row is used instead.
--
-- Installed by the lab (bootstrap superuser; allow_system_table_mods is settable per session since PostgreSQL 12)
-- in template1 and postgres before the lab database is created, so every database has it; readers are physical
-- copies of the writer, so they have it too. Idempotent.

SET allow_system_table_mods = on;

CREATE OR REPLACE VIEW pg_catalog.pg_settings AS
    SELECT a.name, a.setting, a.unit, a.category, a.short_desc, a.extra_desc, a.context, a.vartype, a.source,
           a.min_val, a.max_val, a.enumvals, a.boot_val, a.reset_val, a.sourcefile, a.sourceline,
           a.pending_restart
      FROM pg_catalog.pg_show_all_settings() a
    UNION ALL
    SELECT 'rds.extensions'::text AS name,
           r.setting,
           NULL::text AS unit,
           'Customized Options'::text AS category,
           'Extensions this instance offers (emulated by AuroraLab).'::text AS short_desc,
           NULL::text AS extra_desc,
           'postmaster'::text AS context,
           'string'::text AS vartype,
           'configuration file'::text AS source,
           NULL::text AS min_val,
           NULL::text AS max_val,
           NULL::text[] AS enumvals,
           ''::text AS boot_val,
           r.setting AS reset_val,
           NULL::text AS sourcefile,
           NULL::integer AS sourceline,
           false AS pending_restart
      FROM (SELECT pg_catalog.current_setting('rds.extensions', true) AS setting) r
     WHERE r.setting IS NOT NULL
       AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_show_all_settings() s WHERE s.name = 'rds.extensions');

RESET allow_system_table_mods;
