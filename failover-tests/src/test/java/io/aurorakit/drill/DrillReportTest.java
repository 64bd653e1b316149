package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.drill.DrillReport.Gap;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The outage definition the drill reports: the longest window without a success after the fault. */
class DrillReportTest {

    @Test
    void outageIsTheLongestGapEndingAfterTheFault() {
        // successes every 10 ns, a hole from 40 to 95, fault at 45
        Gap gap = DrillReport.longestGapAfter(List.of(10L, 20L, 30L, 40L, 95L, 105L, 115L), 45, 120);

        assertThat(gap).isEqualTo(new Gap(40, 95));
        assertThat(gap.length()).isEqualTo(55);
    }

    @Test
    void aLongerGapBeforeTheFaultDoesNotCount() {
        Gap gap = DrillReport.longestGapAfter(List.of(10L, 90L, 100L, 110L, 130L), 95, 135);

        assertThat(gap).isEqualTo(new Gap(110, 130));
    }

    @Test
    void aWorkloadThatNeverRecoversHasItsWholeTailAsOutage() {
        Gap gap = DrillReport.longestGapAfter(List.of(10L, 20L, 30L), 35, 500);

        assertThat(gap).isEqualTo(new Gap(30, 500));
    }

    @Test
    void noSuccessAtAllCountsFromTheFault() {
        assertThat(DrillReport.longestGapAfter(List.of(), 50, 80)).isEqualTo(new Gap(50, 80));
    }
}
