package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topology as Aurora serves it: a live LAST_UPDATE_TIMESTAMP heartbeat per member, REPLICA_LAG_IN_MSEC from WAL
 * positions, a settable CPU figure, and a crashed reader that lingers before it drops out.
 */
class AuroraLabLiveTopologyTest {

    private static final Duration LINGER = Duration.ofSeconds(3);

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2)
            .timing(LabTiming.FAST.withDeadReaderLinger(LINGER)));

    /** Exactly what AuroraPgDialect runs (aws-advanced-jdbc-wrapper 4.3.0). */
    private static final String TOPOLOGY_QUERY = "SELECT SERVER_ID, CASE WHEN SESSION_ID OPERATOR(pg_catalog.=) "
            + "'MASTER_SESSION_ID' THEN TRUE ELSE FALSE END, CPU, COALESCE(REPLICA_LAG_IN_MSEC, 0), "
            + "LAST_UPDATE_TIMESTAMP FROM pg_catalog.aurora_replica_status() WHERE EXTRACT(EPOCH FROM(pg_catalog.NOW() "
            + "OPERATOR(pg_catalog.-) LAST_UPDATE_TIMESTAMP)) OPERATOR(pg_catalog.<=) 300 OR SESSION_ID "
            + "OPERATOR(pg_catalog.=) 'MASTER_SESSION_ID' OR LAST_UPDATE_TIMESTAMP IS NULL";

    record Row(boolean writer, double cpu, double lagMs, Instant lastUpdate) {
    }

    @BeforeEach
    void healthy(AuroraLab lab) {
        lab.awaitHealthy(Duration.ofSeconds(30));
    }

    @Test
    void everyMemberHasALiveHeartbeatOnEveryView(AuroraLab lab) throws Exception {
        for (LabInstance viewer : lab.instances()) {
            Map<String, Row> first = topology(lab, viewer.id());
            assertThat(first).hasSize(3);
            // a node's own row: NULL (the wrapper reads it as "now"); every other member: a live timestamp
            assertThat(first.get(viewer.id()).lastUpdate()).isNull();
            Map<String, Row> others = new LinkedHashMap<>(first);
            others.remove(viewer.id());
            for (Map.Entry<String, Row> row : others.entrySet()) {
                assertThat(row.getValue().lastUpdate()).as("%s seen from %s", row.getKey(), viewer.id())
                        .isNotNull().isBetween(Instant.now().minusSeconds(10), Instant.now().plusSeconds(1));
            }
            // every member's heartbeat advances (pg_stat_replication.reply_time / wal receiver: every second)
            Map<String, Row> later = Await.value(Duration.ofSeconds(10), () -> topology(lab, viewer.id()),
                    now -> others.keySet().stream().allMatch(id -> now.containsKey(id)
                            && now.get(id).lastUpdate().isAfter(others.get(id).lastUpdate())));
            for (String id : others.keySet()) {
                assertThat(later.get(id).lastUpdate()).as("heartbeat of %s seen from %s", id, viewer.id())
                        .isAfter(first.get(id).lastUpdate());
            }
        }
    }

    @Test
    void cpuIsSettablePerInstanceAndReachesEveryView(AuroraLab lab) throws Exception {
        String reader = reader(lab, 0);
        lab.cpu(reader, 73.5);
        lab.cpu(lab.writerId(), 41.0);
        for (LabInstance viewer : lab.instances()) {
            Map<String, Row> view = Await.value(Duration.ofSeconds(10), () -> topology(lab, viewer.id()),
                    rows -> rows.containsKey(reader) && rows.get(reader).cpu() == 73.5
                            && rows.get(lab.writerId()).cpu() == 41.0);
            assertThat(view.get(reader).cpu()).as("seen from %s", viewer.id()).isEqualTo(73.5);
            assertThat(view.get(lab.writerId()).cpu()).isEqualTo(41.0);
        }
        lab.cpu(reader, MemberStatus.DEFAULT_CPU);
        lab.cpu(lab.writerId(), MemberStatus.DEFAULT_CPU);
    }

    @Test
    void replicaLagComesFromWalPositions(AuroraLab lab) throws Exception {
        String reader = reader(lab, 1);
        try (Connection r = lab.connectDirect(reader); Statement rs = r.createStatement();
             Connection w = lab.connectDirect(lab.writerId()); Statement ws = w.createStatement()) {
            ws.execute("CREATE TABLE IF NOT EXISTS lag_probe (v int)");
            Await.until(Duration.ofSeconds(10), () -> lag(lab, lab.writerId(), reader) == 0.0);
            assertThat(lag(lab, lab.writerId(), reader)).isZero();
            rs.execute("SELECT pg_catalog.pg_wal_replay_pause()");
            try {
                for (int i = 0; i < 3; i++) {
                    ws.execute("INSERT INTO lag_probe VALUES (" + i + ")");
                }
                // writer's view: replay LSN behind the writer's flush LSN -> lag > 0; the reader's own row too
                assertThat(Await.until(Duration.ofSeconds(10), () -> lag(lab, lab.writerId(), reader) > 0.0))
                        .as("lag of %s seen from the writer", reader).isTrue();
                assertThat(Await.until(Duration.ofSeconds(10), () -> lag(lab, reader, reader) > 0.0))
                        .as("lag of %s seen from itself", reader).isTrue();
            } finally {
                rs.execute("SELECT pg_catalog.pg_wal_replay_resume()");
            }
            assertThat(Await.until(Duration.ofSeconds(10), () -> lag(lab, lab.writerId(), reader) == 0.0
                    && lag(lab, reader, reader) == 0.0)).isTrue();
        }
    }

    @Test
    void aCrashedReaderLingersWithAFrozenHeartbeatThenDropsOut(AuroraLab lab) throws Exception {
        String lost = reader(lab, 0);
        String survivor = reader(lab, 1);
        try {
            FailoverReport crash = lab.crash(lost);
            Instant crashed = crash.phase(FailoverReport.CRASHED).orElseThrow();
            for (String viewer : new String[] {lab.writerId(), survivor}) {
                Map<String, Row> view = Await.value(Duration.ofSeconds(5), () -> topology(lab, viewer),
                        rows -> rows.containsKey(lost) && !rows.get(lost).lastUpdate().isAfter(crashed));
                assertThat(view).as("seen from %s right after the crash", viewer).containsKey(lost);
                assertThat(view.get(lost).lastUpdate()).isBeforeOrEqualTo(crashed);
            }
            assertThat(Await.until(LINGER.plusSeconds(10), () -> !topology(lab, lab.writerId()).containsKey(lost)
                    && !topology(lab, survivor).containsKey(lost))).isTrue();
            assertThat(Duration.between(crashed, Instant.now())).isGreaterThanOrEqualTo(LINGER);
        } finally {
            lab.restart(lost);
        }
        assertThat(Await.until(Duration.ofSeconds(10), () -> topology(lab, lab.writerId()).containsKey(lost)))
                .isTrue();
    }

    private static String reader(AuroraLab lab, int index) {
        return lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER).map(LabInstance::id)
                .toList().get(index);
    }

    private static double lag(AuroraLab lab, String viewer, String member) throws SQLException {
        Row row = topology(lab, viewer).get(member);
        return row == null ? -1 : row.lagMs();
    }

    static Map<String, Row> topology(AuroraLab lab, String viewer) throws SQLException {
        Map<String, Row> rows = new LinkedHashMap<>();
        try (Connection c = lab.connectDirect(viewer); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(TOPOLOGY_QUERY)) {
            while (rs.next()) {
                Timestamp ts = rs.getTimestamp(5);
                rows.put(rs.getString(1), new Row(rs.getBoolean(2), rs.getDouble(3), rs.getDouble(4),
                        ts == null ? null : ts.toInstant()));
            }
        }
        return rows;
    }
}
