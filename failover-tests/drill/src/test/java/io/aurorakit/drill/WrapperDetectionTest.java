package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.lab.Fault;
import io.aurorakit.measure.WrapperLogProbe.Message;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Only the wrapper's detection of the faulted instance counts as "detection time", not an earlier unrelated event. */
class WrapperDetectionTest {

    private static final long FAULT = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    /**
     * isolate: the lab's failover ends the sessions on the promoted reader at once, so a reader failover (and another
     * host's trouble) come long before failure detection declares the black-holed writer dead.
     */
    @Test
    void isolateDetectionIsFailureDetectionDeclaringTheIsolatedWriterDead() {
        List<Message> log = List.of(
                new Message(FAULT - 50 * MS, "Host instance-1.xyz.us-east-1.rds.amazonaws.com is *dead*."),
                new Message(FAULT + 12 * MS, "Starting reader failover procedure."),
                new Message(FAULT + 900 * MS, "Host instance-2.xyz.us-east-1.rds.amazonaws.com is *dead*."),
                new Message(FAULT + 1_500 * MS, "Starting writer failover procedure."),
                new Message(FAULT + 6_000 * MS, "Host instance-1.xyz.us-east-1.rds.amazonaws.com is *dead*."));

        WrapperDetection detection = WrapperDetection.of(log, FAULT, Fault.ISOLATE, "instance-1");

        assertThat(detection.detectionNanos() - FAULT).isEqualTo(6_000 * MS);
        assertThat(detection.events()).extracting(WrapperDetection.Stamp::name).containsExactly(
                "wrapper starts reader failover", "wrapper starts writer failover",
                "wrapper: failure detection declares instance-1.xyz.us-east-1.rds.amazonaws.com dead");
        assertThat(detection.events()).isSortedAccordingTo(java.util.Comparator.comparingLong(WrapperDetection.Stamp::nanos));
    }

    @Test
    void crashDetectionIsTheFirstWriterFailoverOrDeadWriterNotAReaderFailover() {
        List<Message> log = List.of(
                new Message(FAULT + 5 * MS, "Starting reader failover procedure."),
                new Message(FAULT + 40 * MS, "Starting writer failover procedure."),
                new Message(FAULT + 3_000 * MS, "Host instance-1.x is *dead*."));

        assertThat(WrapperDetection.of(log, FAULT, Fault.CRASH, "instance-1").detectionNanos() - FAULT)
                .isEqualTo(40 * MS);
        assertThat(WrapperDetection.of(log, FAULT, null, "instance-1").detectionNanos() - FAULT)
                .as("operator-triggered failover: the writer's").isEqualTo(40 * MS);
    }

    @Test
    void readerCrashDetectionIsTheReaderFailover() {
        List<Message> log = List.of(new Message(FAULT + 7 * MS, "Starting reader failover procedure."));

        assertThat(WrapperDetection.of(log, FAULT, Fault.READER_CRASH, "instance-2").detectionNanos() - FAULT)
                .isEqualTo(7 * MS);
    }

    @Test
    void isolateWithoutFailureDetectionFallsBackToTheWriterFailover() {
        List<Message> log = List.of(new Message(FAULT + 5 * MS, "Starting reader failover procedure."),
                new Message(FAULT + 8_000 * MS, "Starting writer failover procedure."));

        assertThat(WrapperDetection.of(log, FAULT, Fault.ISOLATE, "instance-1").detectionNanos() - FAULT)
                .isEqualTo(8_000 * MS);
        assertThat(WrapperDetection.of(List.of(), FAULT, Fault.ISOLATE, "instance-1").detectionNanos()).isEqualTo(-1);
    }
}
