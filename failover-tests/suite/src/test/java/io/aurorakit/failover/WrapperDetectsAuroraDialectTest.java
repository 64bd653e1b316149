package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.LabInstance;
import io.aurorakit.lab.LabQueries;
import java.sql.Connection;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.jdbc.HostSpec;
import software.amazon.jdbc.PluginService;
import software.amazon.jdbc.dialect.AuroraPgDialect;
import software.amazon.jdbc.dialect.DialectManager;

/**
 * Issue #12 item 6: the wrapper's own dialect detection, with no {@code wrapperDialect} set, picks its Aurora
 * PostgreSQL dialect on the lab as it does on Aurora, so aurora-kit leaves the dialect to it.
 *
 * <p>Which dialect the wrapper starts from depends on the URL's host name (4.3.0 {@code DialectManager}): an instance
 * name starts as {@code rds-pg}, a CNAME (any non-RDS name) as {@code pg}; both must then upgrade to {@code aurora-pg}
 * through {@code AuroraPgDialect.isDialect}, which needs the {@code rds.extensions} row in {@code pg_settings} to list
 * {@code aurora_stat_utils} and {@code aurora_replica_status()} to answer. A cluster name starts as {@code aurora-pg}
 * and must stay there. The dialect is read from the wrapper's {@link PluginService}; the behaviour it brings is checked
 * too: the wrapper knows every instance (topology) and {@code setReadOnly(true)} reaches the reader (without the
 * topology the wrapper finds no reader and stays on the writer).
 */
class WrapperDetectsAuroraDialectTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(1);

    @BeforeEach
    void forgetDetectedDialects() {
        // The wrapper remembers the dialect it detected per URL for 24 h; each case detects afresh.
        DialectManager.resetEndpointCache();
    }

    @Test
    void instanceEndpointIsDetectedAsAuroraPostgres(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = LabDataSources.forLab(lab)
                .clusterEndpoint(lab.instanceEndpoint(lab.writerId()), lab.port()).build()) {
            assertDetectsAurora(lab, ds);
        }
    }

    @Test
    void cnameWithClusterInstanceHostPatternIsDetectedAsAuroraPostgres(AuroraLab lab) throws Exception {
        String cname = lab.clusterAlias(lab.instanceHostPattern().split("\\.")[1] + "-db.corp.example");
        try (AuroraDataSource ds = LabDataSources.forLab(lab).clusterEndpoint(cname, lab.port())
                     .property("clusterInstanceHostPattern", lab.instanceHostPattern()).build()) {
            assertDetectsAurora(lab, ds);
        }
    }

    @Test
    void clusterEndpointStaysAuroraPostgresWithoutForcing(AuroraLab lab) throws Exception {
        try (AuroraDataSource ds = LabDataSources.forLab(lab).build()) {
            assertDetectsAurora(lab, ds);
        }
    }

    private static void assertDetectsAurora(AuroraLab lab, AuroraDataSource ds) throws Exception {
        assertThat(ds.config().failoverEnabled()).as("failover handling for %s", ds.config().host()).isTrue();
        assertThat(ds.config().wrapperProperties()).as("aurora-kit leaves the dialect to the wrapper")
                .doesNotContainKey("wrapperDialect");
        String writer = lab.writerId();
        List<String> readers = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).toList();
        try (Connection c = ds.getConnection()) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
            PluginService wrapper = c.unwrap(PluginService.class);
            assertThat(wrapper.getDialect()).as("the wrapper's dialect for %s", ds.config().host())
                    .isExactlyInstanceOf(AuroraPgDialect.class);
            wrapper.refreshHostList();
            assertThat(wrapper.getAllHosts()).extracting(HostSpec::getHost).as("the wrapper's topology")
                    .containsExactlyInAnyOrderElementsOf(lab.instances().stream().map(LabInstance::host).toList());
            c.setReadOnly(true);
            assertThat(LabQueries.instanceId(c)).as("setReadOnly(true) reaches the reader").isIn(readers);
            c.setReadOnly(false);
            assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
        }
    }
}
