package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The wrapper's view of the lab's topology matches the lab's; every endpoint reaches the right instance; the topology
 * is served as Aurora serves it: a heartbeat in every row but the node's own, real lag, settable CPU, dead readers that
 * linger then drop out.
 */
class AuroraLabTopologyTest {

    private static final Duration LINGER = Duration.ofSeconds(4);

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2).deadReaderLinger(LINGER));

    /** Exactly what AuroraPgDialect runs (aws-advanced-jdbc-wrapper 4.3.0). */
    private static final String TOPOLOGY_QUERY = "SELECT SERVER_ID, CASE WHEN SESSION_ID OPERATOR(pg_catalog.=) "
            + "'MASTER_SESSION_ID' THEN TRUE ELSE FALSE END, CPU, COALESCE(REPLICA_LAG_IN_MSEC, 0), "
            + "LAST_UPDATE_TIMESTAMP FROM pg_catalog.aurora_replica_status() WHERE EXTRACT(EPOCH FROM(pg_catalog.NOW() "
            + "OPERATOR(pg_catalog.-) LAST_UPDATE_TIMESTAMP)) OPERATOR(pg_catalog.<=) 300 OR SESSION_ID "
            + "OPERATOR(pg_catalog.=) 'MASTER_SESSION_ID' OR LAST_UPDATE_TIMESTAMP IS NULL";
    private static final String INSTANCE_ID_QUERY =
            "SELECT pg_catalog.aurora_db_instance_identifier(), pg_catalog.aurora_db_instance_identifier()";
    private static final String WRITER_ID_QUERY = "SELECT SERVER_ID FROM pg_catalog.aurora_replica_status() "
            + "WHERE SESSION_ID OPERATOR(pg_catalog.=) 'MASTER_SESSION_ID' AND SERVER_ID OPERATOR(pg_catalog.=) "
            + "pg_catalog.aurora_db_instance_identifier()";

    @Test
    void startsOneWriterAndTwoStreamingReaders(AuroraLab lab) {
        System.out.println("[lab-metrics] lab start (1 writer + 2 readers): " + lab.startupTime().toMillis() + " ms");
        lab.awaitHealthy(java.time.Duration.ofSeconds(10));
        assertThat(lab.instances()).extracting(LabInstance::id)
                .containsExactly("instance-1", "instance-2", "instance-3");
        assertThat(lab.instances()).filteredOn(i -> i.role() == LabInstance.Role.WRITER).extracting(LabInstance::id)
                .containsExactly(lab.writerId());
        assertThat(lab.instances()).allMatch(LabInstance::alive);
        assertThat(lab.jdbcUrl()).isEqualTo("jdbc:aurora:postgresql://" + lab.clusterEndpoint() + ":" + lab.port()
                + "/" + lab.database());
        assertThat(lab.clusterEndpoint()).matches("lab\\.cluster-[a-z0-9]+\\.us-east-1\\.rds\\.amazonaws\\.com");
        assertThat(lab.readerEndpoint()).matches("lab\\.cluster-ro-[a-z0-9]+\\.us-east-1\\.rds\\.amazonaws\\.com");
        assertThat(lab.toString()).doesNotContain(lab.password());
    }

    @Test
    void aProvisionedLabHasNoServerlessFeatures(AuroraLab lab) throws Exception {
        assertThat(lab.serverless()).isEmpty();
        assertThat(lab.serverlessEvents()).isEmpty();
        assertThat(lab.paused(lab.writerId())).isFalse();
        assertThatThrownBy(() -> lab.pause(lab.writerId())).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not serverless").hasMessageContaining("builder().serverless(");
        assertThatThrownBy(() -> lab.capacity(lab.writerId())).isInstanceOf(IllegalStateException.class);
        try (Connection c = lab.connectDirect(lab.writerId())) {
            assertThat(LabQueries.queryString(c, "SELECT aurora_lab.serverless_capacity()")).isNull();
        }
    }

    @Test
    void wrapperSeesTheLabsTopologyThroughTheClusterEndpoint(AuroraLab lab) throws Exception {
        try (Connection c = LabClients.failoverConnection(lab)) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(lab.writerId());
            assertThat(LabQueries.inRecovery(c)).isFalse();
            Map<String, Boolean> topology = new HashMap<>();
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TOPOLOGY_QUERY)) {
                while (rs.next()) {
                    topology.put(rs.getString(1), rs.getBoolean(2));
                    assertThat(rs.getDouble(3)).isGreaterThanOrEqualTo(0.0);
                    assertThat(rs.getDouble(4)).isGreaterThanOrEqualTo(0.0);
                }
            }
            Map<String, Boolean> expected = lab.instances().stream().collect(Collectors.toMap(LabInstance::id,
                    i -> i.role() == LabInstance.Role.WRITER));
            assertThat(topology).isEqualTo(expected);
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(INSTANCE_ID_QUERY)) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(lab.writerId());
                assertThat(rs.getString(2)).isEqualTo(lab.writerId());
            }
            assertThat(LabQueries.queryString(c, WRITER_ID_QUERY)).isEqualTo(lab.writerId());
        }
    }

    @Test
    void everyInstanceEndpointReachesItsInstanceWithItsRole(AuroraLab lab) throws Exception {
        for (LabInstance instance : lab.instances()) {
            assertThat(instance.host()).isEqualTo(lab.instanceEndpoint(instance.id()))
                    .isEqualTo(instance.id() + lab.instanceHostPattern().substring(1));
            try (Connection c = LabClients.wrapper(lab, instance.host(),
                    LabClients.wrapperProps(lab, LabClients.FAILOVER_PLUGINS, 10_000))) {
                assertThat(LabQueries.instanceId(c)).isEqualTo(instance.id());
                assertThat(LabQueries.inRecovery(c)).isEqualTo(instance.role() == LabInstance.Role.READER);
                List<String> writerRows = rows(c, WRITER_ID_QUERY);
                assertThat(writerRows).isEqualTo(instance.role() == LabInstance.Role.WRITER
                        ? List.of(instance.id()) : List.of());
                Map<String, Boolean> view = new HashMap<>();
                try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(TOPOLOGY_QUERY)) {
                    while (rs.next()) {
                        view.put(rs.getString(1), rs.getBoolean(2));
                    }
                }
                assertThat(view).containsEntry(lab.writerId(), true).hasSize(lab.instances().size());
            }
        }
        try (Connection c = LabClients.wrapper(lab, lab.readerEndpoint(),
                LabClients.wrapperProps(lab, "", 10_000))) {
            assertThat(LabQueries.inRecovery(c)).isTrue();
            assertThat(LabQueries.instanceId(c)).isNotEqualTo(lab.writerId());
        }
    }

    @Test
    void replicatesWritesToEveryReader(AuroraLab lab) throws Exception {
        try (Connection c = LabClients.failoverConnection(lab); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE topo_marker (v text)");
            s.execute("INSERT INTO topo_marker VALUES ('hello')");
        }
        for (LabInstance reader : lab.instances()) {
            if (reader.role() == LabInstance.Role.READER) {
                LabClients.awaitOnReader(lab, reader.id(), "SELECT string_agg(v, ',') FROM topo_marker", "hello",
                        java.time.Duration.ofSeconds(10));
            }
        }
    }

    @Test
    void everyRowButTheNodesOwnCarriesALiveHeartbeat(AuroraLab lab) throws Exception {
        lab.awaitHealthy(Duration.ofSeconds(10));
        Map<String, TopologyView> first = views(lab);
        Thread.sleep(2_500);
        Map<String, TopologyView> second = views(lab);
        Instant now = Instant.now();
        for (LabInstance node : lab.instances()) {
            TopologyView view = second.get(node.id());
            assertThat(view.serverIds()).as(node.id()).containsExactlyInAnyOrderElementsOf(ids(lab));
            assertThat(view.writerIds()).as(node.id()).containsExactly(lab.writerId());
            for (TopologyView.Row row : view.rows()) {
                if (row.serverId().equals(node.id())) {
                    assertThat(row.lastUpdate()).as("own row of %s: NULL, as on Aurora 13.9+", node.id()).isNull();
                    continue;
                }
                Instant before = first.get(node.id()).row(row.serverId()).orElseThrow().lastUpdate();
                assertThat(row.lastUpdate()).as("%s's view of %s", node.id(), row.serverId()).isAfter(before)
                        .isBetween(now.minusSeconds(3), now.plusSeconds(1));
            }
        }
    }

    @Test
    void lagIsRealOnTheWritersAndTheReadersViews(AuroraLab lab) throws Exception {
        lab.awaitHealthy(Duration.ofSeconds(10));
        List<String> readers = readers(lab);
        String paused = readers.get(1);
        String other = readers.get(0);
        try (Connection c = lab.connectDirect(paused); Statement s = c.createStatement()) {
            s.execute("SELECT pg_catalog.pg_wal_replay_pause()");
            try {
                TopologyView writerView = Await.value(Duration.ofSeconds(15), () -> TopologyView.read(lab,
                        lab.writerId()), v -> lag(v, paused) >= 1500);
                assertThat(lag(writerView, paused)).as("writer's view of the paused reader").isGreaterThan(1500);
                assertThat(lag(writerView, other)).as("writer's view of the streaming reader").isLessThan(1000);
                assertThat(writerView.row(lab.writerId()).orElseThrow().lagMs()).as("writer's own row").isNull();
                TopologyView own = TopologyView.read(c);
                assertThat(lag(own, paused)).as("the paused reader's own row").isGreaterThan(1500);
                TopologyView otherView = Await.value(Duration.ofSeconds(10), () -> TopologyView.read(lab, other),
                        v -> lag(v, paused) >= 500);
                assertThat(lag(otherView, paused)).as("the other reader's view of the paused one").isGreaterThan(500);
                assertThat(otherView.row(lab.writerId()).orElseThrow().lagMs()).as("writer row").isNull();
                assertThat(wrapperLag(lab, paused)).as("through the wrapper's topology query").isGreaterThan(1500);
            } finally {
                s.execute("SELECT pg_catalog.pg_wal_replay_resume()");
            }
            TopologyView caughtUp = Await.value(Duration.ofSeconds(10), () -> TopologyView.read(lab, lab.writerId()),
                    v -> lag(v, paused) == 0.0);
            assertThat(lag(caughtUp, paused)).as("caught up").isZero();
            assertThat(lag(Await.value(Duration.ofSeconds(10), () -> TopologyView.read(c), v -> lag(v, paused) == 0.0),
                    paused)).isZero();
        }
    }

    @Test
    void cpuIsSettablePerInstanceAndShowsInEveryView(AuroraLab lab) throws Exception {
        String reader = readers(lab).get(0);
        assertThat(TopologyView.read(lab, lab.writerId()).row(reader).orElseThrow().cpu()).isEqualTo(2.0);
        try {
            lab.cpu(reader, 73.5);
            lab.cpu(lab.writerId(), 41.0);
            TopologyView writerView = TopologyView.read(lab, lab.writerId());
            assertThat(writerView.row(reader).orElseThrow().cpu()).as("writer's view, at once").isEqualTo(73.5);
            assertThat(writerView.row(lab.writerId()).orElseThrow().cpu()).isEqualTo(41.0);
            for (String node : ids(lab)) {
                TopologyView view = Await.value(Duration.ofSeconds(10), () -> TopologyView.read(lab, node),
                        v -> v.row(reader).orElseThrow().cpu() == 73.5 && v.row(lab.writerId()).orElseThrow().cpu() == 41.0);
                assertThat(view.row(reader).orElseThrow().cpu()).as(node + "'s view").isEqualTo(73.5);
                assertThat(view.row(lab.writerId()).orElseThrow().cpu()).as(node + "'s view").isEqualTo(41.0);
            }
            assertThat(wrapperCpu(lab, reader)).as("through the wrapper's topology query").isEqualTo(73.5);
            assertThatThrownBy(() -> lab.cpu(reader, 100.5)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected a percentage from 0 to 100");
            assertThatThrownBy(() -> lab.cpu("instance-9", 5)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            lab.cpu(reader, 2.0);
            lab.cpu(lab.writerId(), 2.0);
        }
    }

    @Test
    void aDeadReaderLingersWithAFrozenTimestampThenDropsOut(AuroraLab lab) throws Exception {
        lab.awaitHealthy(Duration.ofSeconds(10));
        assertThat(lab.deadReaderLinger()).isEqualTo(LINGER);
        List<String> readers = readers(lab);
        String dead = readers.get(1);
        String other = readers.get(0);
        try {
            long crashed = System.nanoTime();
            lab.crash(dead);
            Thread.sleep(300); // its walsender exits
            Instant frozen = TopologyView.read(lab, lab.writerId()).row(dead).orElseThrow().lastUpdate();
            Thread.sleep(1_200);
            TopologyView lingering = TopologyView.read(lab, lab.writerId());
            assertThat(lingering.row(dead)).as("still listed after 1.5 s").isPresent();
            assertThat(lingering.row(dead).orElseThrow().lastUpdate()).as("frozen").isEqualTo(frozen);
            assertThat(TopologyView.read(lab, other).row(dead)).as("in the other reader's view too").isPresent();

            TopologyView gone = Await.value(Duration.ofSeconds(10), () -> TopologyView.read(lab, lab.writerId()),
                    v -> v.row(dead).isEmpty());
            Duration lingered = Duration.ofNanos(System.nanoTime() - crashed);
            assertThat(gone.serverIds()).as("writer's view").doesNotContain(dead).contains(other);
            assertThat(lingered).as("lingered about the configured time").isGreaterThan(LINGER.minusSeconds(2));
            assertThat(Await.value(Duration.ofSeconds(10), () -> TopologyView.read(lab, other),
                    v -> v.row(dead).isEmpty()).serverIds()).as("other reader's view").doesNotContain(dead);
            assertThat(wrapperTopology(lab).keySet()).doesNotContain(dead);
        } finally {
            lab.restart(dead);
        }
        for (String node : ids(lab)) {
            assertThat(Await.value(Duration.ofSeconds(10), () -> TopologyView.read(lab, node),
                    v -> v.row(dead).isPresent()).serverIds()).as("back in %s's view", node).contains(dead);
        }
    }

    private static Map<String, TopologyView> views(AuroraLab lab) throws Exception {
        Map<String, TopologyView> views = new HashMap<>();
        for (String id : ids(lab)) {
            views.put(id, TopologyView.read(lab, id));
        }
        return views;
    }

    private static List<String> ids(AuroraLab lab) {
        return lab.instances().stream().map(LabInstance::id).toList();
    }

    private static List<String> readers(AuroraLab lab) {
        return lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER).map(LabInstance::id)
                .toList();
    }

    private static double lag(TopologyView view, String id) {
        Double lag = view.row(id).orElseThrow(() -> new AssertionError(id + " not in " + view)).lagMs();
        return lag == null ? -1 : lag;
    }

    /** The wrapper's topology query on the writer: id -> {cpu, lag}. */
    private static Map<String, double[]> wrapperTopology(AuroraLab lab) throws Exception {
        Map<String, double[]> rows = new HashMap<>();
        try (Connection c = lab.connectDirect(lab.writerId()); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(TOPOLOGY_QUERY)) {
            while (rs.next()) {
                rows.put(rs.getString(1), new double[] {rs.getDouble(3), rs.getDouble(4)});
            }
        }
        return rows;
    }

    private static double wrapperCpu(AuroraLab lab, String id) throws Exception {
        return wrapperTopology(lab).get(id)[0];
    }

    private static double wrapperLag(AuroraLab lab, String id) throws Exception {
        return wrapperTopology(lab).get(id)[1];
    }

    private static List<String> rows(Connection c, String sql) throws Exception {
        List<String> rows = new java.util.ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
