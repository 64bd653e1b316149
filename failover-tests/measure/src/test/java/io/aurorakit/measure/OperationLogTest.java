package io.aurorakit.measure;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.measure.OperationLog.Gap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outage definition the drill and the benchmarks report: the longest window without a success after the fault. */
class OperationLogTest {

    @Test
    void outageIsTheLongestGapEndingAfterTheFault() {
        // successes every 10 ns, a hole from 40 to 95, fault at 45
        Gap gap = OperationLog.longestGapAfter(List.of(10L, 20L, 30L, 40L, 95L, 105L, 115L), 45, 120);

        assertThat(gap).isEqualTo(new Gap(40, 95));
        assertThat(gap.length()).isEqualTo(55);
    }

    @Test
    void aLongerGapBeforeTheFaultDoesNotCount() {
        Gap gap = OperationLog.longestGapAfter(List.of(10L, 90L, 100L, 110L, 130L), 95, 135);

        assertThat(gap).isEqualTo(new Gap(110, 130));
    }

    @Test
    void aWorkloadThatNeverRecoversHasItsWholeTailAsOutage() {
        Gap gap = OperationLog.longestGapAfter(List.of(10L, 20L, 30L), 35, 500);

        assertThat(gap).isEqualTo(new Gap(30, 500));
    }

    @Test
    void noSuccessAtAllCountsFromTheFault() {
        assertThat(OperationLog.longestGapAfter(List.of(), 50, 80)).isEqualTo(new Gap(50, 80));
    }

    @Test
    void detectionIsTheFirstFailureOrHandledFailureAfterTheFault() {
        long[] now = {1_000};
        OperationLog log = new OperationLog(() -> now[0]);
        log.add(OperationLog.Role.WRITE, 0, 900, false, "08006"); // ends at 1000, before the fault
        long fault = 1_500;
        assertThat(log.detectionNanos(fault)).isEqualTo(-1);
        now[0] = 1_700;
        log.handledFailure();
        now[0] = 2_000;
        log.add(OperationLog.Role.READ, 1, fault, false, "08S02");
        assertThat(log.detectionNanos(fault)).as("the handled failure at 1700 came first").isEqualTo(200);
        assertThat(log.errorsAfter(fault)).containsOnly(java.util.Map.entry("read 08S02", 1));
    }
}
