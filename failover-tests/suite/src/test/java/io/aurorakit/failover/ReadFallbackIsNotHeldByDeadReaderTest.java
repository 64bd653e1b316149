package io.aurorakit.failover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.aurorakit.AuroraDataSource;
import io.aurorakit.lab.AuroraLab;
import io.aurorakit.lab.AuroraLabExtension;
import io.aurorakit.lab.LabInstance;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scenario 7 with aurora-kit's own defaults: with every reader dead, a {@code read()} under the
 * {@code fast-failover} preset falls back to the writer within seconds (connect timeout 3 s). Regression test: read/write
 * splitting opens the reader connection through the wrapper's initialConnection plugin, which retries a dead host for
 * {@code openConnectionRetryTimeoutMs} - 30 s by the wrapper's default, so every read paid 30 s until aurora-kit bounded
 * it by the connect timeout.
 */
class ReadFallbackIsNotHeldByDeadReaderTest {

    @RegisterExtension
    static final AuroraLabExtension LAB = AuroraLabExtension.withReaders(2);

    @Test
    void aReadFallsBackToTheWriterWithinSecondsWhenEveryReaderIsDead(AuroraLab lab) throws Exception {
        String writer = lab.writerId();
        List<String> readers = lab.instances().stream().filter(i -> i.role() == LabInstance.Role.READER)
                .map(LabInstance::id).toList();
        try (AuroraDataSource ds = LabDataSources.forLab(lab).build()) {
            assertThat(ds.read(LabSql.INSTANCE_ID)).isIn(readers);
            readers.forEach(lab::crash);
            String landedOn = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> ds.read(LabSql.INSTANCE_ID),
                    "read() with every reader dead; connectTimeout is 3 s but the wrapper retries a dead reader"
                            + " for openConnectionRetryTimeoutMs (30 s)");
            assertThat(landedOn).isEqualTo(writer);
        }
    }
}
