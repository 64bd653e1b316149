package io.aurorakit.failover;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.TopologyTransient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topology transient 2: right after the promotion, every view of {@code aurora_replica_status()} lists two writer
 * rows, the crashed old writer (its last heartbeat as timestamp) and the new one ({@link
 * TopologyTransient#TWO_WRITER_ROWS}, 3 s). The AWS wrapper keeps the row with the latest LAST_UPDATE_TIMESTAMP;
 * aurora-kit's cut write commits once, on the true writer, not on the old one.
 */
class TwoWriterRowsAfterFailoverIsRiddenOutTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(
            b -> TopologyTransientScenario.lab(b, TopologyTransient.TWO_WRITER_ROWS));

    @Test
    void aWriteCutByTheCrashCommitsOnceOnTheTrueWriter(AuroraLab lab) throws Exception {
        TopologyTransientScenario.ridesOut(lab, "18b-two-writer-rows", "t2_two_writer_rows",
                (view, newWriter) -> view.writerIds().size() == 2 && view.writerIds().contains(newWriter));
    }
}
