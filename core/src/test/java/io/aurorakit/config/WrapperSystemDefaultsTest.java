package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class WrapperSystemDefaultsTest {

    @Test
    void exceptionContextIsOffByDefaultOnceAuroraConfigIsUsed() {
        AuroraConfig.builder().clusterEndpoint("h", 5432).build();
        assertThat(System.getProperty(WrapperSystemDefaults.EXCEPTION_CONTEXT)).isEqualTo("false");
    }

    @Test
    void anExplicitUserSettingWins() {
        Properties system = new Properties();
        system.setProperty(WrapperSystemDefaults.EXCEPTION_CONTEXT, "true");
        assertThat(WrapperSystemDefaults.apply(system)).isFalse();
        assertThat(system.getProperty(WrapperSystemDefaults.EXCEPTION_CONTEXT)).isEqualTo("true");
        Properties unset = new Properties();
        assertThat(WrapperSystemDefaults.apply(unset)).isTrue();
        assertThat(unset.getProperty(WrapperSystemDefaults.EXCEPTION_CONTEXT)).isEqualTo("false");
    }
}
