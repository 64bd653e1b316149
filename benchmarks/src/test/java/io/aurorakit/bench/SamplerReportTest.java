package io.aurorakit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's sampler sections without a lab: the overhead's ratios and verdict, the load-around-the-fault table, and
 * a harness file written before the load windows existed.
 */
class SamplerReportTest {

    private static final Environment ENV = new Environment(Map.of("cores", "2"), Map.of("pgjdbc", "x"));

    @Test
    void eachRoundWithTheSamplerIsComparedWithTheRoundsAroundIt() {
        // off 100, on 99, off 102, on 101, off 100: ratios 99/101 and 101/101
        SamplerOverheadResult r = overhead(100, 99, 102, 101, 100);
        assertThat(r.roundRatios()).hasSize(2);
        assertThat(r.roundRatios().get(0)).isCloseTo(99 / 101.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.roundRatios().get(1)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.cost()).isCloseTo(1 - 99 / 101.0, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.serverShare()).isCloseTo(0.0002, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void theGoalIsInconclusiveWhenTheUncertaintyExceedsTheEffect() {
        String noisy = goal(overhead(100, 90, 100, 110, 100, 95, 100));
        assertThat(noisy).contains("| inconclusive |");
        double[] steady = new double[41];
        for (int i = 0; i < steady.length; i++) {
            steady[i] = i % 2 == 0 ? 1000 : 999 + (i % 4 == 1 ? 1 : 0);
        }
        assertThat(goal(overhead(steady))).contains("| met |");
    }

    @Test
    void anOlderHarnessFileStillReadsAndASeparateRunShowsTheLoad(@TempDir Path dir) throws Exception {
        Path old = dir.resolve("harness.json");
        // a harness file from before the load windows: the committed one without its dbLoad entries
        com.fasterxml.jackson.databind.node.ObjectNode committed = (com.fasterxml.jackson.databind.node.ObjectNode)
                new ObjectMapper().readTree(Path.of("results/harness.json").toFile());
        committed.withArray("runs").forEach(run -> ((com.fasterxml.jackson.databind.node.ObjectNode) run)
                .remove("dbLoad"));
        Files.writeString(old, committed.toString());
        HarnessResult read = new ObjectMapper().readValue(old.toFile(), HarnessResult.class);
        assertThat(read.runs()).isNotEmpty().allSatisfy(run -> assertThat(run.dbLoad()).isNull());

        HarnessResult.LoadWindow before = new HarnessResult.LoadWindow("instance-1", -5000, 5000, 5, 0.2,
                List.of(new HarnessResult.LoadKey("IO:WALSync", 0.12), new HarnessResult.LoadKey("CPU", 0.08)),
                List.of(new HarnessResult.LoadKey("INSERT INTO harness_events (k) VALUES ($1)", 0.15)));
        HarnessResult.Run run = new HarnessResult.Run("aurora-kit-default", "crash", 1, 5000, 5000, 100L, 90L, 25000L,
                0, 4900, 5200, 3, Map.of(), 100, 100, false, 6000, new HarnessResult.DbLoadAround(before, null));
        Path waits = dir.resolve("harness-waits.json");
        FailoverTimingHarness.write(new HarnessResult("now", "quick", ENV, "AURORA[...]", List.of(), List.of(),
                List.of(), List.of(run)), waits);
        Path overhead = dir.resolve("sampler-overhead.json");
        SamplerOverheadHarness.write(overhead(100, 99, 102, 101, 100), overhead);

        Path md = dir.resolve("RESULTS.md");
        ResultsReport.generate(null, old, null, overhead, waits, md, dir.resolve("charts"));
        String text = Files.readString(md);
        assertThat(text).contains("From `results/harness-waits.json` (profile `quick`")
                .contains("| aurora-kit-default | crash | 1 | sampled 5 s, total 0.200; IO:WALSync 0.120, CPU 0.080 |"
                        + " not sampled | `INSERT INTO harness_events (k) VALUES ($1)` 0.150 | - |")
                .contains("## 9. DB-load sampler overhead (lab, FAST timing)")
                .contains("| DB-load sampler at 1 Hz costs <= 1% of throughput |");
    }

    private static String goal(SamplerOverheadResult r) {
        ResultsGoals.Goal g = new ResultsGoals(null, new HarnessResult("now", "quick", ENV, "x", List.of(),
                List.of(), List.of(), List.of()), null, r).evaluate().stream()
                .filter(x -> x.goal().startsWith("DB-load sampler")).findFirst().orElseThrow();
        return "| " + String.join(" | ", g.goal(), g.measured(), g.status(), g.note()) + " |";
    }

    /** Rounds alternating off, on, off, ... with these throughputs (ops in 1 s each). */
    private static SamplerOverheadResult overhead(double... opsPerSecond) {
        List<SamplerOverheadResult.Round> rounds = new ArrayList<>();
        for (int i = 0; i < opsPerSecond.length; i++) {
            rounds.add(new SamplerOverheadResult.Round(i, i % 2 == 1, (long) opsPerSecond[i], 0, 1_000_000_000L,
                    i % 2));
        }
        return new SamplerOverheadResult("now", "smoke", ENV, "FAST[detection=0ms]",
                new SamplerOverheadResult.Settings("test", 1, 1, 0, 1, opsPerSecond.length / 2, 1000), rounds,
                List.of(900L, 1100L), new SamplerOverheadResult.ServerTime(10, 200));
    }
}
