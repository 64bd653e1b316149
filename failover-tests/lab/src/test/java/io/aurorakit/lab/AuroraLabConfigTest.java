package io.aurorakit.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;

import org.junit.jupiter.api.Test;

/** Bad configuration fails fast with a message naming the option, the value and the expected form. */
class AuroraLabConfigTest {

    @Test
    void missingHostsFilePropertyIsNamed() {
        String saved = System.getProperty(HostsFile.HOSTS_FILE_PROPERTY);
        System.clearProperty(HostsFile.HOSTS_FILE_PROPERTY);
        try {
            assertThatThrownBy(() -> AuroraLab.builder().readers(0).start())
                    .isInstanceOf(AuroraLabException.class)
                    .hasMessageContaining("-Djdk.net.hosts.file=");
        } finally {
            if (saved != null) {
                System.setProperty(HostsFile.HOSTS_FILE_PROPERTY, saved);
            }
        }
    }

    @Test
    void invalidBuilderValuesAreRejectedWithTheOptionAndTheExpectedForm() {
        assertThatThrownBy(() -> AuroraLab.builder().readers(16).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("readers = 16")
                .hasMessageContaining("0 to 15");
        assertThatThrownBy(() -> AuroraLab.builder().clusterName("Bad_Name").start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clusterName = 'Bad_Name'");
        assertThatThrownBy(() -> AuroraLab.builder().readers(1).promotionTier("instance-3", 0).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("instance-3")
                .hasMessageContaining("instance-1 to instance-2");
        assertThatThrownBy(() -> AuroraLab.builder().promotionTier("instance-2", 16).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("= 16")
                .hasMessageContaining("0 (highest priority) to 15");
        assertThatThrownBy(() -> AuroraLab.builder().timing(null).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timing = null");
        assertThatThrownBy(() -> LabTiming.of(Duration.ofSeconds(-1), Duration.ZERO, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("detectionDelay = PT-1S");
        assertThatThrownBy(() -> AuroraLabExtension.configure(null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("configuration = null");
    }

    @Test
    void invalidServerlessValuesAreRejectedWithTheOptionAndTheExpectedForm() {
        assertThatThrownBy(() -> ServerlessConfig.of(-0.5, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minAcu = -0.5")
                .hasMessageContaining("0 to 256 ACU in steps of 0.5");
        assertThatThrownBy(() -> AuroraLab.builder().serverless(0.25, 4, Duration.ofSeconds(5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("minAcu = 0.25");
        assertThatThrownBy(() -> ServerlessConfig.of(0, 300))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAcu = 300.0")
                .hasMessageContaining("0.5 to 256 ACU");
        assertThatThrownBy(() -> ServerlessConfig.of(0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAcu = 0.0");
        assertThatThrownBy(() -> ServerlessConfig.of(8, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxAcu = 4.0")
                .hasMessageContaining("at least minAcu = 8.0");
        assertThatThrownBy(() -> ServerlessConfig.of(0, 4, Duration.ofMillis(500)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("autoPause = PT0.5S")
                .hasMessageContaining("1 s to 24 h");
        assertThatThrownBy(() -> ServerlessConfig.of(0, 4, Duration.ofSeconds(5)).withResumeTime(Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("resumeTime = PT1H")
                .hasMessageContaining("0 to 10 min");
        assertThatThrownBy(() -> ServerlessConfig.of(0, 4).withDeepSleep(Duration.ZERO, Duration.ofSeconds(30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("deepSleepAfter = PT0S");
        ServerlessConfig aurora = ServerlessConfig.of(0, 80);
        assertThat(aurora.autoPause()).isEqualTo(Duration.ofSeconds(300));
        assertThat(aurora.resumeTime()).isEqualTo(Duration.ofSeconds(15));
        assertThat(aurora.resumeTimeAfter(Duration.ofHours(25))).isEqualTo(Duration.ofSeconds(30));
        assertThat(aurora.autoPauses()).isTrue();
        assertThat(ServerlessConfig.of(0.5, 1).autoPauses()).isFalse();
    }

    @Test
    void capacityStepsTowardsTheDemandInHalfStepsFasterWhenLarger() {
        assertThat(ServerlessCapacity.step(0.5, 5.5, 0.5, 8)).isEqualTo(1.0);
        assertThat(ServerlessCapacity.step(2, 5.5, 0.5, 8)).isEqualTo(3.0);
        assertThat(ServerlessCapacity.step(4, 20, 0.5, 8)).isEqualTo(6.0);
        assertThat(ServerlessCapacity.step(6, 20, 0.5, 8)).isEqualTo(8.0);
        assertThat(ServerlessCapacity.step(8, 0.5, 0.5, 8)).isEqualTo(7.5);
        assertThat(ServerlessCapacity.step(0, 0, 2, 8)).as("never below the floor").isEqualTo(2.0);
        assertThat(ServerlessCapacity.step(1, 1.2, 0.5, 8)).as("demand rounded up to a half step").isEqualTo(1.5);
    }
}
