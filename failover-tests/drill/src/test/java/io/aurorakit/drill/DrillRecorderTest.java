package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The drill's timeline is ordered by time, consistently across the lab's wall-clock phases and nanoTime events. */
class DrillRecorderTest {

    /**
     * The lab stamps its phases with the wall clock, the drill marks the fault with nanoTime; a phase of the action
     * started after the fault was marked may read a fraction of a millisecond earlier on the other clock. It must not
     * be listed before the fault.
     */
    @Test
    void aFaultPhaseIsNeverBeforeTheFault() throws InterruptedException {
        DrillRecorder recorder = new DrillRecorder();
        Thread.sleep(5);
        Instant justBefore = Instant.now().minusNanos(800_000);
        recorder.faultInjected();
        recorder.faultPhase("requested", justBefore);
        recorder.faultPhase("promoted", Instant.now().plusMillis(20));

        List<TimelineEvent> timeline = recorder.timeline();

        assertThat(timeline).extracting(TimelineEvent::name).containsExactly("fault injected", "requested", "promoted");
        assertThat(timeline.get(1).atMs()).isEqualTo(timeline.get(0).atMs());
    }

    @Test
    void eventsAreOrderedByTheirExactTimeEvenWithinOneMillisecond() {
        DrillRecorder recorder = new DrillRecorder();
        long base = recorder.startNanos() + 10_000_000;
        recorder.eventAtNanos("second", "app", base + 600_000);
        recorder.eventAtNanos("first", "app", base + 100_000);

        List<TimelineEvent> timeline = recorder.timeline(
                List.of(new DrillRecorder.Stamped(base + 300_000, "between", "app"),
                        new DrillRecorder.Stamped(base + 900_000, "last", "app")));

        assertThat(timeline).extracting(TimelineEvent::name).containsExactly("first", "between", "second", "last");
        assertThat(timeline).extracting(TimelineEvent::atMs).containsOnly(10L);
    }
}
