package io.aurorakit.drill;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.aurorakit.lab.Fault;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --fault chaos}: the seeded sequence, and a short soak on a real lab (the 20-fault one is run by hand). */
class ChaosDrillTest {

    @Test
    void theSameSeedGivesTheSameSequenceAndEveryRoundHasEveryKind() {
        List<Fault> sequence = new ChaosPlan(20, 42).sequence();
        int round = ChaosPlan.KINDS.size();

        assertThat(sequence).hasSize(20).isEqualTo(new ChaosPlan(20, 42).sequence());
        assertThat(new HashSet<>(sequence.subList(0, round))).containsExactlyInAnyOrderElementsOf(ChaosPlan.KINDS);
        assertThat(new HashSet<>(sequence.subList(round, 2 * round))).containsExactlyInAnyOrderElementsOf(ChaosPlan.KINDS);
        assertThat(new ChaosPlan(20, 43).sequence()).isNotEqualTo(sequence);
        assertThat(new ChaosPlan(3, 42).sequence()).isEqualTo(sequence.subList(0, 3));
    }

    @Test
    void aShortChaosRunPassesAndReportsEachFaultsOutage(@TempDir Path dir) throws Exception {
        Path json = dir.resolve("chaos.json");
        Path plot = dir.resolve("chaos.png");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        long seed = 3;

        int code = DrillCommand.execute(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8),
                "--fault", "chaos", "--faults", "3", "--seed", String.valueOf(seed), "--timing", "fast",
                "--preset", "fast-failover", "--warmup", "1s", "--after", "1s", "--rate", "25",
                "--json", json.toString(), "--plot", plot.toString());

        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(code).as("exit code; stdout:%n%s%nstderr:%n%s", printed, err).isEqualTo(DrillCommand.PASS);
        List<String> expected = new ChaosPlan(3, seed).sequence().stream().map(Fault::id).toList();
        assertThat(printed).contains("aurora-kit drill: chaos (3 faults, seed 3)",
                "Chaos sequence (seed 3, repeat with --seed 3): " + String.join(", ", expected),
                "Per fault", "seed                         3", "writes lost                  0", "PASS");

        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("seed").asLong()).isEqualTo(seed);
        assertThat(report.get("writesLost").asLong()).isZero();
        assertThat(report.get("duplicates").asLong()).isZero();
        assertThat(report.get("writesOutcomeUnknown").asLong())
                .as("an outcome-unknown write is not counted as lost")
                .isGreaterThanOrEqualTo(report.get("unknownOutcomeCommitted").asLong());
        List<String> faults = new ArrayList<>();
        JsonNode rows = report.get("faults");
        for (int i = 0; i < rows.size(); i++) {
            JsonNode fault = rows.get(i);
            faults.add(fault.get("fault").asText());
            assertThat(fault.get("recovered").asBoolean()).isTrue();
            if (i + 1 < rows.size()) {
                long window = rows.get(i + 1).get("atMs").asLong() - fault.get("atMs").asLong();
                assertThat(window).isPositive();
                assertThat(fault.get("writeOutageMs").asLong()).as("a fault's outage ends where the next fault starts")
                        .isLessThanOrEqualTo(window + 1000);
            }
        }
        assertThat(faults).isEqualTo(expected);
        List<String> events = new ArrayList<>();
        report.get("timeline").forEach(event -> events.add(event.get("name").asText()));
        assertThat(events).contains("fault 1/3 " + expected.get(0), "fault 3/3 " + expected.get(2),
                "lab healthy again");
        assertThat(java.nio.file.Files.size(plot)).isGreaterThan(10_000);
    }
}
