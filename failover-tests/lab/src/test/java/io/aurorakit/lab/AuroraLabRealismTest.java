package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The lab is as unkind as Aurora (profile {@link LabTiming#AURORA_MIN}): the old writer serves the stale cluster name
 * read-only, the reader endpoint is a round-robin record that keeps a dead reader for its health-check delay, an
 * engine crash restarts in place, and same-tier failover targets are drawn with the lab's seed.
 */
class AuroraLabRealismTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2).seed(7));

    @BeforeEach
    void healthy(AuroraLab lab) {
        lab.awaitHealthy(Duration.ofSeconds(30));
    }

    @Test
    void theOldWriterServesTheStaleClusterNameReadOnlyBeforeTheNameMoves(AuroraLab lab) throws Exception {
        String oldWriter = lab.writerId();
        try (Connection c = lab.connectDirect(oldWriter); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS stale_name (v text)");
        }
        CompletableFuture<FailoverReport> failover = CompletableFuture.supplyAsync(lab::failover);
        List<String> seen = new ArrayList<>();
        SQLException readOnly = null;
        while (!failover.isDone() && readOnly == null) {
            try (Connection c = plain(lab, lab.clusterEndpoint()); Statement s = c.createStatement()) {
                String at = LabQueries.instanceId(c);
                seen.add(at);
                if (at.equals(oldWriter) && LabQueries.inRecovery(c)) {
                    readOnly = catchThrowableOfType(SQLException.class,
                            () -> s.executeUpdate("INSERT INTO stale_name VALUES ('through the stale name')"));
                }
            } catch (SQLException e) {
                seen.add(e.getSQLState()); // fenced: the connection attempt timed out
            }
        }
        FailoverReport report = failover.get(60, TimeUnit.SECONDS);
        System.out.println("[lab-metrics] stale cluster name: " + report + "; cluster name answered " + seen);

        assertThat((Throwable) readOnly).as("a write through the stale name on the old writer, now a reader")
                .isNotNull();
        assertThat(readOnly.getSQLState()).isEqualTo("25006");
        assertThat(report.phases().keySet()).containsSubsequence(FailoverReport.WRITER_AVAILABLE,
                FailoverReport.OLD_WRITER_REJOINED, FailoverReport.DNS_UPDATED);
        assertThat(report.timeTo(FailoverReport.DNS_UPDATED).orElseThrow()
                .minus(report.timeTo(FailoverReport.WRITER_AVAILABLE).orElseThrow()))
                .isGreaterThanOrEqualTo(lab.timing().dnsDelay());
        assertThat(lab.clusterEndpointTarget()).isEqualTo(report.newWriterId());
        try (Connection c = plain(lab, lab.clusterEndpoint())) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(report.newWriterId());
        }
    }

    @Test
    void theReaderEndpointSpreadsLookupsAndKeepsADeadReaderForItsHealthCheckDelay(AuroraLab lab) throws Exception {
        List<String> readers = readers(lab);
        Set<String> answered = new LinkedHashSet<>();
        assertThat(Await.until(Duration.ofSeconds(10), () -> {
            try (Connection c = plain(lab, lab.readerEndpoint())) {
                answered.add(LabQueries.instanceId(c));
            }
            Thread.sleep(30);
            return answered.size() == readers.size();
        })).as("the reader endpoint answered every reader: " + answered).isTrue();
        assertThat(answered).containsExactlyInAnyOrderElementsOf(readers);

        String dead = readers.get(0);
        lab.crash(dead);
        long crashedAt = System.nanoTime();
        // a draw every 100 ms between two readers: 1.5 s without the dead one would be a 1-in-30,000 chance
        boolean stillAnswered = Await.until(lab.timing().readerHealthCheckDelay().multipliedBy(3).dividedBy(4),
                () -> dead.equals(lab.readerEndpointTarget()));
        assertThat(stillAnswered).as("a dead reader stays in the record until the health check notices").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - crashedAt)).isLessThan(lab.timing().readerHealthCheckDelay());
        Thread.sleep(lab.timing().readerHealthCheckDelay().toMillis());
        for (int i = 0; i < 20; i++) {
            assertThat(lab.readerEndpointTarget()).isEqualTo(readers.get(1));
            Thread.sleep(20);
        }
        lab.crash(readers.get(1));
        assertThat(Await.until(lab.timing().readerHealthCheckDelay().multipliedBy(3),
                () -> lab.writerId().equals(lab.readerEndpointTarget())))
                .as("with no healthy reader the reader endpoint answers with the writer").isTrue();
        lab.restart(readers.get(0));
        lab.restart(readers.get(1));
    }

    @Test
    void anEngineCrashRestartsTheWriterInPlace(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        FailoverReport report = lab.crashWriterEngine();
        System.out.println("[lab-metrics] engine crash: " + report);
        assertThat(report.writerChanged()).isFalse();
        assertThat(report.phases().keySet()).containsSubsequence(FailoverReport.CRASHED, FailoverReport.DETECTED,
                FailoverReport.STARTED, FailoverReport.STREAMING);
        assertThat(lab.writerId()).isEqualTo(writer);
        try (Connection c = plain(lab, lab.clusterEndpoint())) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
            assertThat(LabQueries.inRecovery(c)).isFalse();
        }
    }

    @Test
    void aSameTierTargetIsDrawnWithTheLabsSeed(AuroraLab lab) {
        FailoverReport report = lab.failover();
        assertThat(report.notes()).singleElement().asString()
                .contains("drawn at random from tier 1").contains("lab seed 7");
        assertThat(lab.seed()).isEqualTo(7);
    }

    private static List<String> readers(AuroraLab lab) {
        return lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER).map(LabInstance::id)
                .toList();
    }

    /** Plain pgjdbc, as an application without the wrapper connects (this JVM caches no lookup). */
    private static Connection plain(AuroraLab lab, String host) throws SQLException {
        Properties p = lab.credentials();
        p.setProperty("connectTimeout", "1");
        p.setProperty("socketTimeout", "2");
        return DriverManager.getConnection("jdbc:postgresql://" + host + ":" + lab.port() + "/" + lab.database(), p);
    }
}
