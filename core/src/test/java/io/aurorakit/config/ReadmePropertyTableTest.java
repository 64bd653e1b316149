package io.aurorakit.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The README property table is generated from the catalogue; this fails when it drifts. Run with
 * {@code -Daurorakit.readme.update=true} to rewrite the README region instead.
 */
class ReadmePropertyTableTest {

    private static final Path README = Path.of("..", "README.md");

    @Test
    void readmeTableMatchesTheCatalogue() throws IOException {
        String readme = Files.readString(README, StandardCharsets.UTF_8);
        int begin = readme.indexOf(PropertyTable.BEGIN);
        int end = readme.indexOf(PropertyTable.END);
        assertThat(begin).as("README has %s", PropertyTable.BEGIN).isNotNegative();
        assertThat(end).as("README has %s after the begin marker", PropertyTable.END).isGreaterThan(begin);
        String expected = "\n" + PropertyTable.markdown();
        String actual = readme.substring(begin + PropertyTable.BEGIN.length(), end);
        if (Boolean.getBoolean("aurorakit.readme.update") && !actual.equals(expected)) {
            Files.writeString(README, readme.substring(0, begin + PropertyTable.BEGIN.length()) + expected
                    + readme.substring(end), StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as("README property table (regenerate with -Daurorakit.readme.update=true)")
                .isEqualTo(expected);
    }

    @Test
    void tableListsEveryPropertyAndPreset() {
        String md = PropertyTable.markdown();
        for (AuroraProperty p : AuroraProperty.values()) {
            assertThat(md).contains("| `" + p.key() + "` | ");
        }
        for (Preset p : Preset.values()) {
            assertThat(md).contains("`" + p.urlName() + "`");
        }
        assertThat(md).contains("| `failureDetectionTime` | `10s` | `2s` | `10s` |");
    }
}
