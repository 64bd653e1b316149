package io.aurorakit.lab;

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
}
