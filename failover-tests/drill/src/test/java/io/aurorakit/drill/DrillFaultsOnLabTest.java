package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drills of single lab faults end to end, beside {@link DrillOnLabTest} (a class of its own so that the two run side
 * by side): a Serverless v2 pause, and an isolated writer whose detection is the wrapper's failure detection.
 */
class DrillFaultsOnLabTest {

    /**
     * {@code --fault pause} on a Serverless v2 lab: the workload stops, the idle application (provisioned: its pool keeps
     * connections) does not let the cluster pause within {@code --pause-wait}, so the drill pauses it; the returning
     * load waits for the lab's resume, and the write outage is counted from the moment the load returns.
     */
    @Test
    void pauseDrillMeasuresTheReturningLoadAgainstTheLabsResume(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("pause.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);

        int code = DrillCommand.execute(printer, printer, "--fault", "pause", "--pause-wait", "1s", "--readers", "1",
                "--warmup", "2s", "--after", "20s", "--rate", "10", "--json", json.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(DrillCommand.PASS);
        assertThat(printed).contains("pausing it anyway", "Serverless v2");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        List<String> events = new ArrayList<>();
        report.get("timeline").forEach(event -> events.add(event.get("name").asText()));
        assertThat(events).containsSubsequence("application idle (workload stopped)",
                "pause forced: the idle application kept the cluster awake", "load returns to the paused cluster",
                "resume-initiated", "resumed", "writes resume (end of the write outage)");
        assertThat(report.get("writeOutageMs").asLong()).as("the returning load waited for the 15 s resume")
                .isBetween(14_000L, 25_000L);
        assertThat(report.get("writesLost").asLong()).isZero();
    }

    /**
     * isolate: the lab's failover ends the sessions on the promoted reader right away (a reader failover), long before
     * failure detection declares the black-holed writer dead - only the latter is the detection time.
     */
    @Test
    void isolateDetectionTimeIsFailureDetectionOfTheIsolatedWriter(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("isolate.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        PrintStream printer = new PrintStream(out, true, StandardCharsets.UTF_8);

        int code = DrillCommand.execute(printer, printer, "--fault", "isolate", "--preset", "fast-failover",
                "--readers", "1", "--warmup", "2s", "--rate", "20", "--json", json.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as(printed).isEqualTo(DrillCommand.PASS);
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        long fault = -1;
        long dead = -1;
        long writerFailover = -1;
        List<Long> times = new ArrayList<>();
        for (JsonNode event : report.get("timeline")) {
            String name = event.get("name").asText();
            times.add(event.get("atMs").asLong());
            if (name.equals("fault injected")) {
                fault = event.get("atMs").asLong();
            } else if (dead < 0 && name.startsWith("wrapper: failure detection declares instance-1.")) {
                dead = event.get("atMs").asLong();
            } else if (writerFailover < 0 && name.startsWith("wrapper starts writer failover")) {
                writerFailover = event.get("atMs").asLong();
            }
        }
        assertThat(times).as("timeline in time order").isSorted();
        // Which of the wrapper's mechanisms notices first is a race: failure detection declaring the black-holed
        // writer dead, or the topology monitor seeing the new writer and aborting connections to the old one (then a
        // writer failover without a "declared dead"). Detection time is the former when it happened, else the latter.
        long detectedAt = dead > 0 ? dead : writerFailover;
        assertThat(detectedAt).as("the wrapper noticed the isolated writer; timeline:%n%s", printed).isPositive();
        assertThat(report.get("detectionMs").asLong()).as(printed)
                .isBetween(detectedAt - fault - 1, detectedAt - fault + 1);
    }
}
