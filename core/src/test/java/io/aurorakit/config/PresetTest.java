package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PresetTest {

    @Test
    void urlNamesRoundTrip() {
        for (Preset p : Preset.values()) {
            assertThat(Preset.fromUrlName(p.urlName())).isSameAs(p);
            assertThat(Preset.fromUrlName(p.name())).isSameAs(p);
        }
        assertThat(Preset.PROVISIONED.urlName()).isEqualTo("provisioned");
        assertThat(Preset.FAST_FAILOVER.urlName()).isEqualTo("fast-failover");
        assertThat(Preset.SERVERLESS_V2.urlName()).isEqualTo("serverless-v2");
    }

    @Test
    void provisionedIsTheCatalogueDefault() {
        assertThat(Preset.PROVISIONED.overrides()).isEmpty();
        assertThat(AuroraProperty.PRESET.defaultValue()).contains("provisioned");
        for (AuroraProperty p : AuroraProperty.values()) {
            assertThat(Preset.PROVISIONED.valueFor(p)).isEqualTo(p.defaultValue().orElse(null));
        }
    }

    @Test
    void everyOverrideIsAValidValueOfItsProperty() {
        for (Preset preset : Preset.values()) {
            preset.overrides().forEach((p, v) -> assertThat(p.validate(v)).as("%s %s", preset, p).isNotNull());
        }
    }

    @Test
    void unknownPresetListsTheValidNames() {
        assertThatThrownBy(() -> Preset.fromUrlName("aggressive"))
                .hasMessage("preset='aggressive' is unknown; expected one of provisioned, fast-failover, serverless-v2");
    }
}
