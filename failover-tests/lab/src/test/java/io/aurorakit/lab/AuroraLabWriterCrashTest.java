package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Writer crash like Aurora: restart in place (engine crash) or failover to a seeded random target of the best tier. */
class AuroraLabWriterCrashTest {

    private static final long SEED = 20261202L;

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(3).seed(SEED));

    @BeforeEach
    void healthy(AuroraLab lab) {
        lab.awaitHealthy(Duration.ofSeconds(30));
    }

    @Test
    void anEngineCrashRestartsTheWriterInPlaceWithoutFailover(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        try (Connection c = LabClients.failoverConnection(lab); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS in_place (v int)");
            s.execute("INSERT INTO in_place VALUES (1)");
        }
        FailoverReport report = lab.crashWriterRestartInPlace();
        System.out.println("[lab-metrics] crash, restart in place: " + report);

        assertThat(report.writerChanged()).isFalse();
        assertThat(report.newWriterId()).isEqualTo(writer).isEqualTo(lab.writerId());
        assertThat(report.phases().keySet()).containsSubsequence(FailoverReport.CRASHED,
                FailoverReport.RESTARTED_IN_PLACE, FailoverReport.STREAMING, FailoverReport.COMPLETED);
        assertThat(report.phases()).doesNotContainKeys(FailoverReport.PROMOTED, FailoverReport.FENCED);
        assertThat(report.seed()).isEqualTo(SEED);
        lab.awaitHealthy(Duration.ofSeconds(20));
        try (Connection c = lab.connectDirect(writer); Statement s = c.createStatement()) {
            assertThat(LabQueries.inRecovery(c)).isFalse();
            s.execute("INSERT INTO in_place VALUES (2)");
            assertThat(LabQueries.queryString(c, "SELECT count(*) FROM in_place")).isEqualTo("2");
        }
        try (Connection c = LabClients.failoverConnection(lab)) {
            assertThat(LabQueries.instanceId(c)).isEqualTo(writer);
        }
    }

    @Test
    void failoverTargetsAreRandomWithinTheTierAndReproducibleFromTheSeed(AuroraLab lab) {
        assertThat(lab.seed()).isEqualTo(SEED);
        assertThat(lab.toString()).contains("seed " + SEED);
        TargetChooser replay = new TargetChooser(SEED);
        // the control plane draws once per failover without a target; this test's other failovers have none
        List<String> expected = new ArrayList<>();
        List<String> actual = new ArrayList<>();
        boolean notLowestNumber = false;
        for (int i = 0; i < 5; i++) {
            String writer = lab.writerId();
            List<String> candidates = lab.instances().stream().map(LabInstance::id).filter(id -> !id.equals(writer))
                    .sorted(Comparator.comparingInt(id -> Integer.parseInt(id.substring("instance-".length()))))
                    .toList();
            String predicted = replay.choose(candidates, id -> 1).target();
            FailoverReport report = i == 0 ? lab.crashWriter() : lab.failover();
            System.out.println("[lab-metrics] " + report);
            assertThat(report.randomTarget()).isTrue();
            assertThat(report.seed()).isEqualTo(SEED);
            assertThat(report.toString()).contains("seed " + SEED);
            expected.add(predicted);
            actual.add(report.newWriterId());
            notLowestNumber |= !report.newWriterId().equals(candidates.get(0));
            lab.awaitHealthy(Duration.ofSeconds(30));
        }
        assertThat(actual).isEqualTo(expected);
        assertThat(notLowestNumber).as("targets %s are not always the lowest-numbered reader", actual).isTrue();
    }
}
