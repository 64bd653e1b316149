package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.TopologyTransient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topology transient 1: right after the promotion, no view of {@code aurora_replica_status()} has a writer row - not
 * even the new writer's own, though it is out of recovery ({@link TopologyTransient#NO_WRITER_ROW}, 3 s). The AWS
 * wrapper discards such a topology and keeps looking; aurora-kit's cut write waits it out and commits once, on the
 * true writer.
 */
class NoWriterRowAfterFailoverIsRiddenOutTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(
            b -> TopologyTransientScenario.lab(b, TopologyTransient.NO_WRITER_ROW));

    @Test
    void aWriteCutByTheCrashCommitsOnceOnTheTrueWriter(AuroraLab lab) throws Exception {
        TopologyTransientScenario.Result result = TopologyTransientScenario.ridesOut(lab, "18a-no-writer-row", "t1_no_writer_row",
                (view, newWriter) -> view.instanceId().equals(newWriter) && !view.inRecovery()
                        && view.writerIds().isEmpty());
        // no view named a writer until the transient ended, so the work cannot have been acknowledged before
        assertThat(result.acknowledged()).as("acknowledged after the transient")
                .isAfter(result.promoted().plus(TopologyTransientScenario.WINDOW).minusMillis(200));
    }
}
