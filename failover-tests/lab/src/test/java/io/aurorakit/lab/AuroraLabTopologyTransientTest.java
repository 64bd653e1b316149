package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The opt-in topology transients: each failover serves the next enabled one, from the promotion for its duration, then
 * the true topology again. Outside them every view has exactly one writer row.
 */
class AuroraLabTopologyTransientTest {

    private static final Duration WINDOW = Duration.ofSeconds(3);

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.configure(b -> b.readers(2)
            .topologyTransient(TopologyTransient.NO_WRITER_ROW, WINDOW)
            .topologyTransient(TopologyTransient.TWO_WRITER_ROWS, WINDOW)
            .topologyTransient(TopologyTransient.ROLE_DISAGREEMENT, WINDOW));

    @Test
    void eachFailoverServesTheNextTransientThenTheTrueTopology(AuroraLab lab) throws Exception {
        assertThat(lab.topologyTransients().keySet()).containsExactly(TopologyTransient.NO_WRITER_ROW,
                TopologyTransient.TWO_WRITER_ROWS, TopologyTransient.ROLE_DISAGREEMENT);
        assertTrueTopology(lab);

        // 1: NO_WRITER_ROW - no view lists a writer, the new writer's own included, though it is out of recovery
        Window w = failover(lab);
        assertThat(w.seen(v -> v.instanceId().equals(w.newWriter) && !v.inRecovery() && v.writerIds().isEmpty()))
                .as("the new writer's own view has no writer row").isNotEmpty();
        assertThat(w.seen(v -> w.isOtherReader(v) && v.writerIds().isEmpty())).as("a reader's view has none")
                .isNotEmpty();
        assertThat(w.seen(v -> v.writerIds().contains(w.newWriter))).as("no view lists the new writer during it")
                .isEmpty();
        assertThat(w.seenAfter(v -> v.writerIds().isEmpty())).as("after the window").isEmpty();
        assertTrueTopology(lab);

        // 2: TWO_WRITER_ROWS - the old writer is listed as writer too, with an older timestamp
        Window two = failover(lab);
        List<TopologyView> doubled = two.seen(v -> v.writerIds().size() == 2);
        assertThat(doubled).as("views with two writer rows").isNotEmpty();
        for (TopologyView view : doubled) {
            assertThat(view.writerIds()).containsExactlyInAnyOrder(two.oldWriter, two.newWriter);
            assertThat(latestWriter(view)).as("the latest-timestamp rule picks the new writer in %s", view)
                    .isEqualTo(two.newWriter);
        }
        assertThat(two.seen(v -> v.instanceId().equals(two.newWriter) && v.writerIds().size() == 2))
                .as("in the new writer's own view").isNotEmpty();
        assertThat(two.seen(v -> two.isOtherReader(v) && v.writerIds().size() == 2)).as("in a reader's view")
                .isNotEmpty();
        assertThat(two.seenAfter(v -> v.writerIds().size() != 1)).as("after the window").isEmpty();
        assertTrueTopology(lab);

        // 3: ROLE_DISAGREEMENT - the promoted writer's own row says reader while the readers list it as writer
        Window role = failover(lab);
        assertThat(role.seen(v -> v.instanceId().equals(role.newWriter) && !v.inRecovery() && !v.claimsWriter()))
                .as("out of recovery, but 'am I the writer?' finds no row").isNotEmpty();
        assertThat(role.seen(v -> role.isOtherReader(v) && v.writerIds().equals(List.of(role.newWriter))))
                .as("the readers already list it as writer").isNotEmpty();
        assertThat(role.seenAfter(TopologyView::roleDisagrees)).as("after the window").isEmpty();
        assertTrueTopology(lab);
    }

    @Test
    void transientsAreValidated() {
        assertThatThrownBy(() -> AuroraLab.builder().topologyTransient(null, WINDOW).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NO_WRITER_ROW");
        assertThatThrownBy(() -> AuroraLab.builder().topologyTransient(TopologyTransient.NO_WRITER_ROW,
                Duration.ZERO).start()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duration = PT0S is invalid");
        assertThatThrownBy(() -> AuroraLab.builder().deadReaderLinger(Duration.ofSeconds(-1)).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deadReaderLinger");
    }

    /** The AWS wrapper's rule for several writer rows: the latest LAST_UPDATE_TIMESTAMP, NULL read as now. */
    private static String latestWriter(TopologyView view) {
        Instant now = Instant.now();
        return view.rows().stream().filter(TopologyView.Row::writer)
                .max((a, b) -> (a.lastUpdate() == null ? now : a.lastUpdate())
                        .compareTo(b.lastUpdate() == null ? now : b.lastUpdate()))
                .orElseThrow().serverId();
    }

    /** Every view lists every instance and exactly the lab's writer as writer; no node disagrees with itself. */
    private static void assertTrueTopology(AuroraLab lab) throws Exception {
        lab.awaitHealthy(Duration.ofSeconds(20));
        for (LabInstance node : lab.instances()) {
            TopologyView view = Await.value(Duration.ofSeconds(10), () -> TopologyView.read(lab, node.id()),
                    v -> v.writerIds().equals(List.of(lab.writerId())) && v.rows().size() == 3);
            assertThat(view.writerIds()).as(node.id()).containsExactly(lab.writerId());
            assertThat(view.rows()).as(node.id()).hasSize(3);
            assertThat(view.roleDisagrees()).as(node.id()).isFalse();
        }
    }

    /** A planned failover sampled until the transient window is surely over. */
    private static Window failover(AuroraLab lab) throws Exception {
        String old = lab.writerId();
        try (TopologySampler sampler = TopologySampler.start(lab, Duration.ofMillis(40))) {
            FailoverReport report = lab.failover();
            Instant returned = Instant.now();
            Instant promoted = report.phase(FailoverReport.PROMOTED).orElseThrow();
            Instant end = promoted.plus(WINDOW);
            Thread.sleep(Math.max(0, Duration.between(Instant.now(), end.plusMillis(1_500)).toMillis()));
            return new Window(old, report.newWriterId(), sampler.samples(), promoted, end, returned);
        }
    }

    /**
     * The samples of one failover. {@code promoted}: the transient is on (the PROMOTED phase is recorded after the
     * control plane switched it on; until the writer is available clients cannot reach it, only this sampler can);
     * {@code end}: the transient's end; {@code returned}: when {@code failover()} returned (the old writer had
     * rejoined; before that, started as a standby, its own view is stale).
     */
    private record Window(String oldWriter, String newWriter, List<TopologySampler.Sample> samples, Instant promoted,
                          Instant end, Instant returned) {

        /** Views read during the transient (50/100 ms of margin). */
        List<TopologyView> seen(Predicate<TopologyView> matching) {
            return samples.stream().filter(s -> s.at().isAfter(promoted.plusMillis(50))
                            && s.at().isBefore(end.minusMillis(100)))
                    .map(TopologySampler.Sample::view).filter(matching).toList();
        }

        /** Views read well after the window and the failover (250 ms of margin for replay). */
        List<TopologyView> seenAfter(Predicate<TopologyView> matching) {
            Instant after = (end.isAfter(returned) ? end : returned).plusMillis(250);
            return samples.stream().filter(s -> s.at().isAfter(after))
                    .map(TopologySampler.Sample::view).filter(matching).toList();
        }

        /** A view of a reader that was a reader before the failover too. */
        boolean isOtherReader(TopologyView view) {
            return view.inRecovery() && !view.instanceId().equals(oldWriter);
        }
    }
}
