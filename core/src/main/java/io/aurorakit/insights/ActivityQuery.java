package io.aurorakit.insights;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one sample reads on one connection: the active client sessions of {@code pg_stat_activity} but the sampler's
 * own (and those of applications it is told to ignore), with their statements' texts from {@code pg_stat_statements} (literals replaced by {@code $1}) when the
 * extension is installed in the database and has seen the statement, else the text as sent. Texts are looked up only
 * for query ids not seen before (and a missing one again after {@link #RETRY_MISSING}), so a steady workload costs one
 * cheap query per sample.
 */
final class ActivityQuery {

    /** The sampler's {@code application_name}; sessions with it are not counted (PI does not see itself either). */
    static final String APPLICATION_NAME = "aurora-kit-dbload-sampler";
    static final Duration RETRY_MISSING = Duration.ofSeconds(10);
    private static final int MAX_TEXTS = 5000;
    private static final int MAX_TEXT_CHARS = 4096;

    private static final String ACTIVITY = "SELECT a.datname, a.usename, a.usesysid, a.application_name,"
            + " coalesce(a.client_hostname, host(a.client_addr), 'local'), a.wait_event_type, a.wait_event,"
            + " %s, left(a.query, " + MAX_TEXT_CHARS + ")"
            + " FROM pg_stat_activity a"
            + " WHERE a.state = 'active' AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'"
            + " AND coalesce(a.application_name, '') NOT IN (%s)";
    private static final String TEXTS = "SELECT queryid, left(query, " + MAX_TEXT_CHARS + ")"
            + " FROM pg_stat_statements WHERE queryid = ANY(?)";

    private final Connection connection;
    private final String activitySql;
    private final Map<Long, String> texts = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, String> eldest) {
            return size() > MAX_TEXTS;
        }
    };
    private final Map<Long, Instant> missing = new HashMap<>();
    private boolean statementsAvailable;

    private ActivityQuery(Connection connection, boolean hasQueryId, boolean statementsAvailable,
                          List<String> ignoredApplications) {
        this.connection = connection;
        List<String> ignored = new ArrayList<>(List.of(APPLICATION_NAME));
        ignored.addAll(ignoredApplications);
        this.activitySql = String.format(ACTIVITY, hasQueryId ? "a.query_id" : "NULL::bigint",
                String.join(", ", ignored.stream().map(ActivityQuery::literal).toList()));
        this.statementsAvailable = statementsAvailable;
    }

    /** {@code text} as an SQL string literal. */
    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    /**
     * Prepares {@code connection} (autocommit, a short statement timeout, the sampler's application name); sessions
     * of {@code ignoredApplications} (and the sampler's own) are not counted.
     */
    static ActivityQuery on(Connection connection, List<String> ignoredApplications) throws SQLException {
        connection.setAutoCommit(true);
        boolean hasQueryId;
        boolean statements;
        try (Statement s = connection.createStatement()) {
            s.execute("SET application_name = '" + APPLICATION_NAME + "'");
            s.execute("SET statement_timeout = 5000");
            try (ResultSet rs = s.executeQuery("SELECT current_setting('server_version_num')::int >= 140000,"
                    + " EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')")) {
                rs.next();
                hasQueryId = rs.getBoolean(1);
                statements = rs.getBoolean(2);
            }
        }
        return new ActivityQuery(connection, hasQueryId, statements, ignoredApplications);
    }

    Connection connection() {
        return connection;
    }

    /** The active sessions now, each as PI dimension name to value. */
    List<Map<String, String>> sample(Instant now) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(activitySql)) {
            while (rs.next()) {
                long queryId = rs.getLong(8);
                rows.add(new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                        rs.getString(6), rs.getString(7), rs.wasNull() ? null : queryId, rs.getString(9)));
            }
        }
        lookUpTexts(rows, now);
        List<Map<String, String>> sessions = new ArrayList<>(rows.size());
        for (Row row : rows) {
            sessions.add(row.dimensions(row.queryId == null ? null : texts.get(row.queryId)));
        }
        return sessions;
    }

    private void lookUpTexts(List<Row> rows, Instant now) throws SQLException {
        if (!statementsAvailable) {
            return;
        }
        List<Long> wanted = new ArrayList<>();
        for (Row row : rows) {
            Long id = row.queryId;
            if (id != null && id != 0 && !texts.containsKey(id) && !wanted.contains(id)) {
                Instant missed = missing.get(id);
                if (missed == null || !now.isBefore(missed.plus(RETRY_MISSING))) {
                    wanted.add(id);
                }
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        try (PreparedStatement ps = connection.prepareStatement(TEXTS)) {
            Array ids = connection.createArrayOf("bigint", wanted.toArray());
            ps.setArray(1, ids);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    texts.put(rs.getLong(1), rs.getString(2));
                    missing.remove(rs.getLong(1));
                }
            }
        } catch (SQLException e) {
            if (!"55000".equals(e.getSQLState()) && !"42P01".equals(e.getSQLState())) {
                throw e;
            }
            // not preloaded (55000) or dropped (42P01): texts as sent from now on
            statementsAvailable = false;
            return;
        }
        for (Long id : wanted) {
            if (!texts.containsKey(id)) {
                missing.put(id, now);
            }
        }
        if (missing.size() > MAX_TEXTS) {
            missing.clear();
        }
    }

    private record Row(String database, String user, String userId, String application, String host,
                       String waitType, String waitEvent, Long queryId, String query) {

        Map<String, String> dimensions(String tokenized) {
            Map<String, String> d = new HashMap<>();
            d.put("db.name", nullToEmpty(database));
            d.put("db.user.name", nullToEmpty(user));
            d.put("db.user.id", nullToEmpty(userId));
            d.put("db.application.name", nullToEmpty(application));
            d.put("db.host.name", nullToEmpty(host));
            d.put("db.host.id", nullToEmpty(host));
            boolean waiting = waitType != null && waitEvent != null;
            d.put("db.wait_event.name", waiting ? waitType + ":" + waitEvent : "CPU");
            d.put("db.wait_event.type", waiting ? waitType : "CPU");
            d.put("db.wait_event_type.name", waiting ? waitType : "CPU");
            String id = queryId == null || queryId == 0 ? "" : Long.toString(queryId);
            d.put("db.sql_tokenized.statement", tokenized != null ? tokenized : nullToEmpty(query).strip());
            d.put("db.sql_tokenized.id", id);
            d.put("db.sql_tokenized.db_id", id);
            return d;
        }
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
