package io.aurorakit.retry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

    @Test
    void defaults() {
        RetryPolicy p = RetryPolicy.defaults();
        assertThat(p.maxAttempts()).isEqualTo(5);
        assertThat(p.totalBudget()).as("derived from the data source's settings").isEmpty();
        assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(100));
        assertThat(p.multiplier()).isEqualTo(2.0);
        assertThat(p.randomizationFactor()).isEqualTo(0.5);
        assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aDefaultBudgetFillsOnlyAMissingOne() {
        assertThat(RetryPolicy.defaults().withDefaultBudget(Duration.ofSeconds(100)).totalBudget())
                .contains(Duration.ofSeconds(100));
        RetryPolicy explicit = RetryPolicy.builder().totalBudget(Duration.ofSeconds(7)).maxAttempts(9).build();
        assertThat(explicit.withDefaultBudget(Duration.ofSeconds(100))).isSameAs(explicit);
        RetryPolicy filled = RetryPolicy.builder().maxAttempts(9).build().withDefaultBudget(Duration.ofSeconds(3));
        assertThat(filled.maxAttempts()).isEqualTo(9);
        assertThat(filled.toString()).contains("totalBudget=PT3S");
        assertThat(RetryPolicy.defaults().toString()).contains("totalBudget=derived");
    }

    @Test
    void invalidSettingsNameTheSettingAndExpectedForm() {
        assertThatThrownBy(() -> RetryPolicy.builder().maxAttempts(0).build())
                .hasMessage("maxAttempts=0 is invalid; expected at least 1");
        assertThatThrownBy(() -> RetryPolicy.builder().totalBudget(Duration.ZERO).build())
                .hasMessageContaining("totalBudget=PT0S is invalid; expected a positive duration");
        assertThatThrownBy(() -> RetryPolicy.builder().initialBackoff(Duration.ofMillis(-1)).build())
                .hasMessageContaining("initialBackoff=");
        assertThatThrownBy(() -> RetryPolicy.builder().multiplier(0.5).build())
                .hasMessageContaining("multiplier=0.5 is invalid; expected a number >= 1.0");
        assertThatThrownBy(() -> RetryPolicy.builder().randomizationFactor(1.0).build())
                .hasMessageContaining("randomizationFactor=1.0 is invalid");
        assertThatThrownBy(() -> RetryPolicy.builder().maxBackoff(Duration.ofMillis(10)).build())
                .hasMessageContaining("maxBackoff=PT0.01S contradicts initialBackoff=PT0.1S");
    }
}
