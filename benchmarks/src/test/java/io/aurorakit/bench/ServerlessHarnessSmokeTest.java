package io.aurorakit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurorakit.config.Preset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end smoke test of the Serverless v2 harness on a real lab (autoPause 2 s, resume 3 s): serverless-v2 with the
 * fast idle overrides lets go of every connection and the lab pauses; a write on the paused cluster waits for the
 * resume and succeeds; RESULTS.md gets section 8 and the goal row from the JSON.
 */
class ServerlessHarnessSmokeTest {

    @Test
    @Timeout(240)
    void idleServerlessAppLetsTheClusterPauseAndTheFirstQueryWaitsForTheResume(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("serverless.json");
        ServerlessOptions options = ServerlessOptions.parse("--profile", "smoke", "--out", json.toString());

        ServerlessResult result = new ServerlessHarness(options).run();
        ServerlessHarness.write(result, json);
        ServerlessResult read = new ObjectMapper().readValue(json.toFile(), ServerlessResult.class);

        assertThat(read.idle()).hasSize(1);
        ServerlessResult.IdleRun idle = read.idle().get(0);
        assertThat(idle.preset()).isEqualTo("serverless-v2");
        assertThat(idle.housekeepingMs()).isEqualTo(ServerlessHarness.HOUSEKEEPING_MS);
        assertThat(idle.connectionsPerSecond()).hasSize(30);
        assertThat(idle.connectionsPerSecond().get(0)).as("pooled connections right after the last use").isPositive();
        // idleTimeout 10 s + housekeeping 1 s + monitorIdleTimeout 1 s + the 5 s check, with slack for a busy machine
        assertThat(idle.zeroAfterMs()).isNotNull().isBetween(9_000L, 25_000L);
        assertThat(idle.connectionsPerSecond().get(29)).isZero();
        assertThat(idle.pausedAfterMs()).isNotNull().isGreaterThanOrEqualTo(idle.zeroAfterMs() + 1_000);

        assertThat(read.resumes()).hasSize(1);
        ServerlessResult.ResumeRun resume = read.resumes().get(0);
        assertThat(resume.ok()).as(String.valueOf(resume.error())).isTrue();
        assertThat(resume.pausedAfterMs()).isNotNull();
        assertThat(resume.labResumeMs()).isBetween(2_900L, 10_000L);
        assertThat(resume.firstQueryMs()).isGreaterThanOrEqualTo(resume.labResumeMs());
        assertThat(resume.overrides()).containsEntry("idleTimeout", "10s").containsEntry("monitorIdleTimeout", "1s");

        Path harness = dir.resolve("harness.json");
        FailoverTimingHarness.write(new HarnessResult("now", "smoke", read.environment(), "FAST", List.of(),
                List.of(), List.of(), List.of()), harness);
        Path markdown = dir.resolve("RESULTS.md");
        ResultsReport.generate(null, harness, json, markdown, dir.resolve("results"));
        String md = Files.readString(markdown);
        assertThat(md).contains("## 8. Aurora Serverless v2")
                .contains("| serverless-v2 with `idleTimeout=10s`")
                .contains("Serverless v2: first query after resume - lab resume time <= 0.5 s at p95")
                .contains("(n=1, resume " + resume.labResumeMs() + " ms)");
    }

    @Test
    void reportRendersIdleAndResumeRowsAndTheGoal(@TempDir Path dir) throws Exception {
        Environment env = new Environment(Map.of("cores", "2"), Map.of("HikariCP", "7.1.0"));
        ServerlessResult sv2 = new ServerlessResult("2026-01-01T00:00:00Z", "full", env,
                new ServerlessResult.LabSettings(1, 5_000, 15_000, 1_000),
                List.of(new ServerlessResult.IdleRun("serverless-v2", Map.of(), 30_000,
                                ServerlessHarness.expectedZero(Preset.SERVERLESS_V2, Map.of(), 30_000), 160_000,
                                java.util.Collections.nCopies(160, 0), 4, 98_250L, 103_400L),
                        new ServerlessResult.IdleRun("provisioned", Map.of(), 30_000,
                                ServerlessHarness.expectedZero(Preset.PROVISIONED, Map.of(), 30_000), 160_000,
                                java.util.Collections.nCopies(160, 12), 12, null, null)),
                List.of(run("serverless-v2", 1, 15_300, true), run("serverless-v2", 2, 15_900, true),
                        run("provisioned", 1, 25_000, false)));
        Path json = dir.resolve("serverless.json");
        ServerlessHarness.write(sv2, json);
        Path harness = dir.resolve("harness.json");
        FailoverTimingHarness.write(new HarnessResult("now", "full", env, "FAST", List.of(), List.of(), List.of(),
                List.of()), harness);
        Path markdown = dir.resolve("RESULTS.md");
        ResultsReport.generate(null, harness, json, markdown, dir.resolve("results"));
        String md = Files.readString(markdown);

        assertThat(md).contains("| serverless-v2 | 0 | 0 | 0 | 4 | 98.3 s | <= I + 30 s + M + 5 s = 125 s | 103.4 s |")
                .contains("| provisioned | 12 | 12 | 12 | 12 | never within 160.0 s | never (minimumIdle = 10) |"
                        + " never within 160.0 s |")
                .contains("| serverless-v2 | `idleTimeout=10s`, `monitorIdleTimeout=1s` | 2 | 12.0 s / 17.0 s |"
                        + " 15300 / 15900 | 15000 | 300 / 900 | 0 | none | yes |")
                .contains("| Serverless v2: first query after resume - lab resume time <= 0.5 s at p95, no error"
                        + " (serverless-v2) | 900 ms p95, 300 ms p50 (n=2, resume 15000 ms); errors seen by the"
                        + " application: 0 | **missed** |")
                .contains("- provisioned #1 after 25000 ms: `PSQLException 08001: boom`");
    }

    private static ServerlessResult.ResumeRun run(String preset, int rep, long firstQuery, boolean ok) {
        return new ServerlessResult.ResumeRun(preset, rep, ServerlessOptions.resumeOverrides(Preset.fromUrlName(
                preset)), 12_000L, 17_000L, firstQuery, 15_000L, 20L, ok, ok ? null : "PSQLException 08001: boom",
                ok ? Map.of() : Map.of("UNAVAILABLE 08001", 2), ok ? Boolean.TRUE : null);
    }

    @Test
    void optionsNameTheBadValue() {
        assertThatThrownBy(() -> ServerlessOptions.parse("--idle-presets", "tiny"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tiny")
                .hasMessageContaining("serverless-v2");
        assertThatThrownBy(() -> ServerlessOptions.parse("--reps", "-1")).hasMessageContaining("--reps='-1'");
        assertThat(ServerlessOptions.parse("--profile", "full").idlePresets()).containsExactly(Preset.SERVERLESS_V2,
                Preset.PROVISIONED, Preset.FAST_FAILOVER);
        assertThat(ServerlessOptions.resumeOverrides(Preset.PROVISIONED)).containsEntry("minimumIdle", "0");
        assertThat(ServerlessOptions.resumeOverrides(Preset.SERVERLESS_V2)).doesNotContainKey("minimumIdle");
    }
}
