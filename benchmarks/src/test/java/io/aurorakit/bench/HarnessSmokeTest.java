package io.aurorakit.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end smoke test of the failover harness and the report generator: one crash of a real lab writer under load
 * with aurora-kit's fast-failover preset, then RESULTS.md and the PNG chart from the harness JSON.
 */
class HarnessSmokeTest {

    @Test
    @Timeout(120)
    void harnessMeasuresACrashAndTheReportShowsIt(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("harness.json");
        HarnessOptions options = HarnessOptions.parse("--profile", "smoke", "--out", json.toString());

        HarnessResult result = new FailoverTimingHarness(options).run();
        FailoverTimingHarness.write(result, json);

        HarnessResult read = new ObjectMapper().readValue(json.toFile(), HarnessResult.class);
        assertThat(read.runs()).hasSize(1);
        HarnessResult.Run run = read.runs().get(0);
        assertThat(run.configuration()).isEqualTo("aurora-kit-fast-failover");
        assertThat(run.fault()).isEqualTo("crash");
        // The cluster needs its detection + promotion delays before any client can write again ...
        assertThat(run.labPromotionMs()).isBetween(4_000L, 30_000L);
        assertThat(run.writeOutageMs()).isGreaterThanOrEqualTo(run.labPromotionMs() - 500)
                // ... and aurora-kit must be writing again well before the observation limit.
                .isLessThan(20_000L);
        assertThat(run.censored()).isFalse();
        assertThat(run.writesOk()).isPositive();
        assertThat(run.readsOk()).isPositive();
        assertThat(run.detectionBudgetMs()).as("fast-failover: 2s + 1s + 2 x 1s + 1s probe").isEqualTo(6_000L);
        // DbLoadSamplers ran on the instances: the old writer before the fault, the new writer after it
        assertThat(run.dbLoad()).isNotNull();
        assertThat(run.dbLoad().before().sampledSeconds()).isPositive();
        assertThat(run.dbLoad().after().sampledSeconds()).isPositive();
        assertThat(run.dbLoad().after().instance()).isNotEqualTo(run.dbLoad().before().instance());
        assertThat(read.plannedFailoversMs()).isEmpty();
        assertThat(read.environment().versions()).containsKeys("aws-advanced-jdbc-wrapper", "pgjdbc",
                "postgresql-server");

        Path markdown = dir.resolve("RESULTS.md");
        Path charts = dir.resolve("results");
        ResultsReport.generate(null, json, markdown, charts);
        String md = Files.readString(markdown);
        assertThat(md).contains("| aurora-kit-fast-failover | crash | 1 | " + run.writeOutageMs() + " / "
                + run.writeOutageMs() + " |");
        assertThat(md).contains("crash: write outage - lab writer-available time <= 0.3 s at p95 (aurora-kit-fast-failover)");
        assertThat(md).contains((run.writeOutageMs() - run.labPromotionMs()) + " ms (n=1)");
        assertThat(md).contains("(results/" + ReportCharts.OUTAGE_CHART + ")")
                .contains("### Database load around the fault");
        BufferedImage png = ImageIO.read(charts.resolve(ReportCharts.OUTAGE_CHART).toFile());
        assertThat(png).isNotNull();
        assertThat(png.getWidth()).isGreaterThan(100);
    }

    @Test
    void optionsNameTheBadValue() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HarnessOptions.parse("--faults", "meteor"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("meteor").hasMessageContaining("crash, planned, isolate");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> HarnessOptions.parse("--reps", "-1"))
                .hasMessageContaining("--reps='-1'");
    }
}
