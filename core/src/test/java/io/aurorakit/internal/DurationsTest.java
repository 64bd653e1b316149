package io.aurorakit.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

    @ParameterizedTest
    @CsvSource({"30s,30000", "500ms,500", "2m,120000", "1h,3600000", "PT30S,30000", "pt1.5s,1500", "0,0",
            "' 45s ',45000", "10 s,10000"})
    void parsesDurationsWithUnits(String text, long millis) {
        assertThat(Durations.parse("connectTimeout", text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "5000", "1.5"})
    void rejectsUnitlessNumbersAsAmbiguous(String text) {
        assertThatThrownBy(() -> Durations.parse("socketTimeout", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("socketTimeout='" + text + "'")
                .hasMessageContaining("without a unit is ambiguous")
                .hasMessageContaining("30s");
    }

    @ParameterizedTest
    @ValueSource(strings = {"ten seconds", "30x", "PT", "s", ""})
    void rejectsGarbageNamingTheOption(String text) {
        assertThatThrownBy(() -> Durations.parse("failoverTimeout", text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("failoverTimeout=")
                .hasMessageContaining("expected a duration with a unit");
    }

    @ParameterizedTest
    @CsvSource({"30000,30s", "1500,1500ms", "120000,2m", "0,0", "7200000,2h"})
    void formatRoundTrips(long millis, String text) {
        assertThat(Durations.format(Duration.ofMillis(millis))).isEqualTo(text);
        assertThat(Durations.parse("x", text)).isEqualTo(Duration.ofMillis(millis));
    }
}
