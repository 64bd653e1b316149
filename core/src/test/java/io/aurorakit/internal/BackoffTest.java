package io.aurorakit.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.retry.RetryPolicy;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void backoffGrowsWithinJitterBoundsAndIsCapped() {
        RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).multiplier(2.0)
                .randomizationFactor(0.5).maxBackoff(Duration.ofMillis(1000)).build();
        for (int n = 1; n <= 8; n++) {
            double base = 100 * Math.pow(2, n - 1);
            for (int i = 0; i < 200; i++) {
                long d = Backoff.millis(p, n, ThreadLocalRandom.current().nextDouble());
                assertThat(d).as("retry %d", n).isBetween((long) Math.min(1000, Math.floor(base * 0.5)) - 1,
                        (long) Math.min(1000, Math.ceil(base * 1.5)));
            }
        }
    }

    @Test
    void noJitterGivesExactExponentialDelays() {
        RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(50)).multiplier(3.0)
                .randomizationFactor(0.0).maxBackoff(Duration.ofSeconds(10)).build();
        assertThat(Backoff.millis(p, 1, ThreadLocalRandom.current().nextDouble())).isEqualTo(50);
        assertThat(Backoff.millis(p, 2, ThreadLocalRandom.current().nextDouble())).isEqualTo(150);
        assertThat(Backoff.millis(p, 3, ThreadLocalRandom.current().nextDouble())).isEqualTo(450);
    }

    @Test
    void jitterDrawsSpanTheWholeRangeAndTheCapHolds() {
        RetryPolicy p = RetryPolicy.builder().initialBackoff(Duration.ofMillis(100)).multiplier(2.0)
                .randomizationFactor(0.5).maxBackoff(Duration.ofMillis(300)).build();
        assertThat(Backoff.millis(p, 1, 0.0)).isEqualTo(50);
        assertThat(Backoff.millis(p, 1, 0.999999)).isEqualTo(150);
        assertThat(Backoff.millis(p, 2, 0.5)).isEqualTo(200);
        assertThat(Backoff.millis(p, 3, 0.0)).isEqualTo(200);
        assertThat(Backoff.millis(p, 3, 0.9)).isEqualTo(300);
        assertThat(Backoff.millis(p, 200, 0.5)).as("no overflow far out").isEqualTo(300);
    }
}
