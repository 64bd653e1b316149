package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The wrapper's view of the lab's topology matches the lab's; every endpoint reaches the right instance. */
class AuroraLabTopologyTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

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
