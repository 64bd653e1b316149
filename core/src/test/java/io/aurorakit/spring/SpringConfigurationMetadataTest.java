package io.aurorakit.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.aurorakit.config.AuroraProperty;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The IDE metadata of the {@code aurora.*} properties ({@code META-INF/spring-configuration-metadata.json}, the
 * format Spring Boot's configuration processor writes) is generated from {@link AuroraProperty}; this fails when it
 * drifts. Regenerate: {@code ./mvnw -B -pl core test -Dtest=SpringConfigurationMetadataTest
 * -Daurorakit.metadata.update=true}.
 */
class SpringConfigurationMetadataTest {

    private static final Path FILE = Path.of("src/main/resources/META-INF/spring-configuration-metadata.json");

    @Test
    void metadataMatchesTheCatalogue() throws IOException {
        String expected = metadata();
        String actual = Files.exists(FILE) ? Files.readString(FILE, StandardCharsets.UTF_8) : "";
        if (Boolean.getBoolean("aurorakit.metadata.update") && !actual.equals(expected)) {
            Files.writeString(FILE, expected, StandardCharsets.UTF_8);
            return;
        }
        assertThat(actual).as(FILE + " (regenerate with -Daurorakit.metadata.update=true)").isEqualTo(expected);
    }

    @Test
    void everyCatalogueKeyHasOneSpringName() {
        List<String> names = SpringSettings.knownNames();
        assertThat(names).doesNotHaveDuplicates().allMatch(n -> n.equals(n.toLowerCase()) && n.startsWith("aurora."));
        assertThat(AuroraProperty.CONNECT_TIMEOUT.springName()).isEqualTo("aurora.connect-timeout");
        assertThat(AuroraProperty.MONITORING_CONNECT_TIMEOUT.springName())
                .isEqualTo("aurora.monitoring-connect-timeout");
        assertThat(AuroraProperty.READER_STRATEGY.springName()).isEqualTo("aurora.reader-host-selector-strategy");
        assertThat(names).hasSize(AuroraProperty.values().length + SpringSettings.ENDPOINT_NAMES.size());
    }

    static String metadata() {
        StringBuilder json = new StringBuilder("{\n  \"groups\": [\n    {\n      \"name\": \"aurora\",\n");
        json.append("      \"description\": ").append(quote("aurora-kit: the Aurora PostgreSQL DataSource (see the"
                + " README's property table); generated from io.aurorakit.config.AuroraProperty.")).append('\n');
        json.append("    }\n  ],\n  \"properties\": [\n");
        List<String> properties = new java.util.ArrayList<>();
        SpringSettings.ENDPOINT_NAMES.entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(e -> properties.add(property(e.getKey(), "java.lang.String", e.getValue(), null)));
        for (AuroraProperty p : AuroraProperty.values()) {
            properties.add(property(p.springName(), type(p), p.description() + " (URL parameter " + p.key() + ")",
                    p.defaultValue().orElse(null)));
        }
        json.append(String.join(",\n", properties)).append("\n  ],\n  \"hints\": [\n");
        List<String> hints = new java.util.ArrayList<>();
        for (AuroraProperty p : AuroraProperty.values()) {
            if (!p.choices().isEmpty() && !p.unit().equals("boolean")) {
                hints.add("    {\n      \"name\": " + quote(p.springName()) + ",\n      \"values\": [\n"
                        + p.choices().stream().map(c -> "        {\n          \"value\": " + quote(c) + "\n        }")
                                .collect(Collectors.joining(",\n"))
                        + "\n      ]\n    }");
            }
        }
        return json.append(String.join(",\n", hints)).append("\n  ]\n}\n").toString();
    }

    private static String property(String name, String type, String description, String defaultValue) {
        StringBuilder p = new StringBuilder("    {\n");
        p.append("      \"name\": ").append(quote(name)).append(",\n");
        p.append("      \"type\": ").append(quote(type)).append(",\n");
        p.append("      \"description\": ").append(quote(description));
        if (defaultValue != null) {
            p.append(",\n      \"defaultValue\": ").append(type.equals("java.lang.String")
                    || type.equals("java.time.Duration") ? quote(defaultValue) : defaultValue);
        }
        p.append(",\n      \"sourceType\": \"io.aurorakit.spring.AuroraAutoConfiguration\"\n    }");
        return p.toString();
    }

    private static String type(AuroraProperty p) {
        switch (p.unit()) {
            case "duration":
                return "java.time.Duration";
            case "count":
                return "java.lang.Integer";
            case "boolean":
                return "java.lang.Boolean";
            default:
                return "java.lang.String";
        }
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
