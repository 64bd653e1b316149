package io.aurorakit.insights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SampleStoreTest {

    private static final Instant T0 = Instant.parse("2026-12-02T10:00:00Z");

    private static Map<String, String> session(String wait, String sql) {
        return Map.of("db.wait_event.name", wait, "db.wait_event.type", wait.split(":")[0],
                "db.sql_tokenized.statement", sql);
    }

    private static SampleStore store(int seconds, List<Map<String, String>> perSample) {
        SampleStore store = new SampleStore(Duration.ofHours(1));
        for (int i = 0; i < seconds; i++) {
            store.add(new SampleStore.Sample(T0.plusSeconds(i), perSample));
        }
        return store;
    }

    @Test
    void totalIsAverageActiveSessionsPerKeyOverTheSamplesInTheWindow() {
        // 10 samples: 2 sessions waiting on a lock every second, 1 on CPU every other second
        SampleStore store = new SampleStore(Duration.ofHours(1));
        for (int i = 0; i < 10; i++) {
            List<Map<String, String>> sessions = new ArrayList<>();
            sessions.add(session("Lock:transactionid", "UPDATE t SET v = $1"));
            sessions.add(session("Lock:transactionid", "UPDATE t SET v = $1"));
            if (i % 2 == 0) {
                sessions.add(session("CPU", "SELECT $1"));
            }
            store.add(new SampleStore.Sample(T0.plusSeconds(i), sessions));
        }
        DbLoad waits = store.topKeys(LoadQuery.of(DimensionGroup.WAIT_EVENT, T0, T0.plusSeconds(10), 1, 10));
        assertThat(waits.keys()).extracting(k -> k.get("db.wait_event.name"))
                .containsExactly("Lock:transactionid", "CPU");
        assertThat(waits.keys()).extracting(DbLoadKey::total).containsExactly(2.0, 0.5);
        assertThat(waits.keys().get(0).get("db.wait_event.type")).isEqualTo("Lock");
        assertThat(waits.listedTotal()).isEqualTo(2.5);

        DbLoad top1 = store.topKeys(LoadQuery.of(DimensionGroup.SQL_TOKENIZED, T0, T0.plusSeconds(10), 1, 1));
        assertThat(top1.keys()).singleElement().satisfies(k ->
                assertThat(k.get("db.sql_tokenized.statement")).isEqualTo("UPDATE t SET v = $1"));
    }

    @Test
    void periodsWithoutSamplesHaveNoValueAndTheWindowIsAlignedToThePeriod() {
        SampleStore store = store(120, List.of(session("IO:DataFileRead", "SELECT * FROM big")));
        ResourceMetrics metrics = store.loadOverTime(LoadQuery.of(DimensionGroup.WAIT_EVENT,
                T0.minusSeconds(30), T0.plusSeconds(150), 60, 5));
        assertThat(metrics.alignedStart()).isEqualTo(T0.minusSeconds(60));
        assertThat(metrics.alignedEnd()).isEqualTo(T0.plusSeconds(180));
        assertThat(metrics.total().orElseThrow().points()).extracting(LoadSeries.Point::value)
                .containsExactly(null, 1.0, 1.0, null);
        assertThat(metrics.series()).hasSize(2);
        assertThat(metrics.series().get(1).dimensions()).containsEntry("db.wait_event.name", "IO:DataFileRead");
    }

    @Test
    void aWindowWithoutDataHasNoKeys() {
        SampleStore store = store(5, List.of(session("CPU", "SELECT 1")));
        assertThat(store.topKeys(LoadQuery.of(DimensionGroup.WAIT_EVENT, T0.plusSeconds(3600),
                T0.plusSeconds(3660), 1, 10)).keys()).isEmpty();
    }

    @Test
    void samplesOlderThanTheRetentionAreDropped() {
        SampleStore store = new SampleStore(Duration.ofSeconds(10));
        for (int i = 0; i < 30; i++) {
            store.add(new SampleStore.Sample(T0.plusSeconds(i), List.of()));
        }
        assertThat(store.size()).isEqualTo(11);
        assertThat(store.latest()).isEqualTo(T0.plusSeconds(29));
    }

    @Test
    void badQuestionsAreRejectedNamingWhatPiAccepts() {
        assertThatThrownBy(() -> LoadQuery.of(DimensionGroup.USER, T0, T0.plusSeconds(60), 30, 10))
                .hasMessageContaining("periodSeconds must be one of 1, 60, 300, 3600, 86400");
        assertThatThrownBy(() -> LoadQuery.of(DimensionGroup.USER, T0, T0.plusSeconds(60), 1, 26))
                .hasMessageContaining("limit must be 1 to 25");
        assertThatThrownBy(() -> LoadQuery.of(DimensionGroup.USER, T0, T0, 1, 10))
                .hasMessageContaining("must be before its end");
        assertThatThrownBy(() -> DimensionGroup.of("db.waits"))
                .hasMessageContaining("db.wait_event (wait-event)");
        assertThat(DimensionGroup.of("sql")).isEqualTo(DimensionGroup.SQL_TOKENIZED);
        assertThat(DimensionGroup.of("db.wait_event")).isEqualTo(DimensionGroup.WAIT_EVENT);
    }
}
