package io.aurorakit.failover;

import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.TopologyTransient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Topology transient 3: right after the promotion, the new writer is out of recovery but its own
 * {@code aurora_replica_status()} row still says reader, so the AWS wrapper's "am I the writer?" finds no row, while
 * the readers already list it as the writer ({@link TopologyTransient#ROLE_DISAGREEMENT}, 3 s). aurora-kit's cut
 * write commits once, on the true writer.
 */
class RoleDisagreementAfterFailoverIsRiddenOutTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(
            b -> TopologyTransientScenario.lab(b, TopologyTransient.ROLE_DISAGREEMENT));

    @Test
    void aWriteCutByTheCrashCommitsOnceOnTheTrueWriter(AuroraLab lab) throws Exception {
        TopologyTransientScenario.ridesOut(lab, "18c-role-disagreement", "t3_role_disagreement",
                (view, newWriter) -> view.instanceId().equals(newWriter) && !view.inRecovery()
                        && !view.claimsWriter());
    }
}
