package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The fault vocabulary: ids, what each does to the writer role. Injection runs in the drill's and suite's lab tests. */
class FaultTest {

    @Test
    void idsRoundTripCaseInsensitively() {
        for (Fault fault : Fault.values()) {
            assertThat(Fault.byId(" " + fault.id().toUpperCase() + " ")).isSameAs(fault);
        }
        assertThat(Fault.ids()).isEqualTo("crash, engine-crash, planned, isolate, latency, reader-crash, restart, pause");
    }

    @Test
    void anUnknownIdNamesTheAcceptedOnes() {
        assertThatThrownBy(() -> Fault.byId("meteor")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown fault 'meteor', expected one of crash, engine-crash, planned, isolate, latency, reader-crash, restart, pause");
    }

    @Test
    void onlyFailoversMoveTheWriterAndOnlyIsolateNeedsAHardFence() {
        assertThat(java.util.Arrays.stream(Fault.values()).filter(Fault::changesWriter))
                .containsExactly(Fault.CRASH, Fault.PLANNED, Fault.ISOLATE);
        assertThat(java.util.Arrays.stream(Fault.values()).filter(Fault::needsHardFence))
                .containsExactly(Fault.ISOLATE);
    }
}
